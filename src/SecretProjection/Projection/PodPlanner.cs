using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Validation;

namespace SecretProjection.Projection;

/// <summary>
/// Plans a pod's secret, configMap, downwardAPI and projected volumes as the kubelet would set them up: which files, at
/// which paths, with which bytes, modes and owners, or why a volume cannot be set up; and, for every container
/// mount of them, whether it sees later updates. Pure: nothing is read but the lookup, nothing is written.
/// </summary>
public static class PodPlanner
{
    /// <summary>Plans a pod. Never throws on any pod or lookup content.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="lookup">
    /// Where the pod's Secrets and ConfigMaps are read, in the pod's namespace; when it is also an
    /// <see cref="IClusterObjectLookup"/> (<see cref="ClusterSnapshot"/>), the node and the ClusterTrustBundles too.
    /// </param>
    /// <param name="options">The options; <see cref="PlanningOptions.Default"/> when null.</param>
    /// <returns>The plan.</returns>
    public static PodPlan Plan(Pod pod, IObjectLookup lookup, PlanningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(lookup);
        options ??= PlanningOptions.Default;

        // A lookup that also knows the node and the ClusterTrustBundles (ClusterSnapshot) lets those sources be planned.
        var cluster = lookup as IClusterObjectLookup;

        // The API server would reject a pod whose volume spec is invalid; such a volume gets no plan.
        var specErrors = PodValidation.Validate(pod);
        var volumes = new List<VolumePlan>();
        for (var i = 0; i < pod.Volumes.Count; i++)
        {
            var volume = pod.Volumes[i];
            if (KindOf(volume) is not { } kind)
            {
                continue;
            }

            var field = FieldPath.Root("spec", "volumes").Index(i);
            var invalid = ErrorsUnder(specErrors, field.ToString());
            volumes.Add(invalid.Length > 0
                ? new VolumePlan { Name = volume.Name, Kind = kind, Errors = invalid }
                : PlanVolume(pod, volume, kind, field, lookup, cluster, options));
        }

        return new PodPlan { Pod = pod.QualifiedName, Volumes = volumes, Mounts = MountPlanner.Plan(pod, volumes) };
    }

    /// <summary>The kind of a volume the planner plans (and a node writes with that kind's plugin), or <see langword="null"/>.</summary>
    internal static VolumeKind? KindOf(Volume volume) =>
        volume.Secret is not null ? VolumeKind.Secret
        : volume.ConfigMap is not null ? VolumeKind.ConfigMap
        : volume.Projected is not null ? VolumeKind.Projected
        : volume.DownwardApi is not null ? VolumeKind.DownwardAPI
        : null;

    private static PlanError[] ErrorsUnder(IReadOnlyList<FieldError> errors, string prefix) =>
        errors
            .Where(e => e.Field == prefix || (e.Field.StartsWith(prefix, StringComparison.Ordinal) && e.Field[prefix.Length] is '.' or '['))
            .Select(e => new PlanError(PlanError.InvalidReason, e.Message, e.Field))
            .ToArray();

    private static VolumePlan PlanVolume(Pod pod, Volume volume, VolumeKind kind, FieldPath field, IObjectLookup lookup, IClusterObjectLookup? cluster, PlanningOptions options)
    {
        switch (kind)
        {
            case VolumeKind.Secret:
            {
                var secret = volume.Secret!;
                var path = field.Child("secret");
                return Single(new(ObjectKind.Secret, secret.SecretName, secret.Items, secret.Optional, path.Child("secretName"), path.Child("items")), secret.DefaultMode, secret.DefaultUser);
            }

            case VolumeKind.ConfigMap:
            {
                var configMap = volume.ConfigMap!;
                var path = field.Child("configMap");
                return Single(new(ObjectKind.ConfigMap, configMap.Name, configMap.Items, configMap.Optional, path.Child("name"), path.Child("items")), configMap.DefaultMode, configMap.DefaultUser);
            }

            case VolumeKind.DownwardAPI:
            {
                var downward = volume.DownwardApi!;
                var builder = new VolumeBuilder(pod, lookup, cluster, downward.DefaultMode, null, options);
                builder.AddDownwardApi(downward, field.Child("downwardAPI").Child("items"));
                return builder.Build(volume.Name, kind);
            }

            default:
            {
                var projected = volume.Projected!;
                var builder = new VolumeBuilder(pod, lookup, cluster, projected.DefaultMode, projected.DefaultUser, options);
                for (var i = 0; i < projected.Sources.Count; i++)
                {
                    AddProjectedSource(builder, projected.Sources[i], field.Child("projected").Child("sources").Index(i));
                }

                return builder.Build(volume.Name, kind);
            }
        }

        VolumePlan Single(SourceRequest source, int? defaultMode, long? defaultUser)
        {
            var builder = new VolumeBuilder(pod, lookup, cluster, defaultMode, defaultUser, options);
            builder.Add(source);
            return builder.Build(volume.Name, kind);
        }
    }

    private static void AddProjectedSource(VolumeBuilder builder, VolumeProjection source, FieldPath path)
    {
        if (source.Secret is { } secret)
        {
            builder.Add(Request(ObjectKind.Secret, secret, path.Child("secret")));
        }
        else if (source.ConfigMap is { } configMap)
        {
            builder.Add(Request(ObjectKind.ConfigMap, configMap, path.Child("configMap")));
        }
        else if (source.DownwardApi is { } downward)
        {
            builder.AddDownwardApi(downward, path.Child("downwardAPI").Child("items"));
        }
        else if (source.ServiceAccountToken is { } token)
        {
            builder.AddServiceAccountToken(token, path.Child("serviceAccountToken"));
        }
        else if (source.ClusterTrustBundle is { } bundle)
        {
            builder.AddClusterTrustBundle(bundle, path.Child("clusterTrustBundle"));
        }
        else
        {
            builder.AddUnsupported(source.UnsupportedKind ?? "unknown", path);
        }

        static SourceRequest Request(ObjectKind kind, ProjectedObject source, FieldPath path) =>
            new(kind, source.Name, source.Items, source.Optional, path.Child("name"), path.Child("items"));
    }
}
