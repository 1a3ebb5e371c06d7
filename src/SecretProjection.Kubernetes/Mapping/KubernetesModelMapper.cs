using System.Text.Json;
using k8s;
using k8s.Models;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Mapping;

/// <summary>
/// Maps KubernetesClient's objects to this library's immutable model and back. The API server's defaults are
/// applied on the way in: an empty namespace is <c>default</c>, an empty Secret type is <c>Opaque</c>, and
/// <c>stringData</c> is merged into <c>data</c>.
/// </summary>
public static partial class KubernetesModelMapper
{
    /// <summary>Maps a Secret.</summary>
    /// <param name="secret">The client object.</param>
    /// <returns>The model.</returns>
    public static Secret ToModel(V1Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var metadata = secret.Metadata;
        return ToSecret(
            new SecretFields(secret.Type, secret.Data, secret.StringData, secret.Immutable ?? false),
            new MetadataFields(metadata?.Name, metadata?.NamespaceProperty, metadata?.Uid, metadata?.ResourceVersion, metadata?.Annotations));
    }

    /// <summary>Maps the fields of a Secret that the model keeps, however they were read.</summary>
    internal static Secret ToSecret(SecretFields secret, MetadataFields metadata)
    {
        var data = secret.Data is null ? DataMap.Empty : DataMap.Create(secret.Data);
        if (secret.StringData is { Count: > 0 } stringData)
        {
            data = data.WithStringData(stringData);
        }

        return new Secret
        {
            Name = metadata.Name ?? string.Empty,
            Namespace = string.IsNullOrEmpty(metadata.Namespace) ? "default" : metadata.Namespace,
            Type = string.IsNullOrEmpty(secret.Type) ? SecretTypes.Opaque : secret.Type,
            Data = data,
            Immutable = secret.Immutable,
            Uid = metadata.Uid,
            ResourceVersion = metadata.ResourceVersion,
            Annotations = ReadOnly(metadata.Annotations),
        };
    }

    /// <summary>Maps a Secret back to the client's type.</summary>
    /// <param name="secret">The model.</param>
    /// <returns>The client object.</returns>
    public static V1Secret ToKubernetes(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = secret.Name,
                NamespaceProperty = secret.Namespace,
                Uid = secret.Uid,
                ResourceVersion = secret.ResourceVersion,
                Annotations = secret.Annotations.Count == 0 ? null : new Dictionary<string, string>(secret.Annotations),
            },
            Type = secret.Type,
            Immutable = secret.Immutable ? true : null,
            Data = secret.Data.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
        };
    }

    /// <summary>Maps a ConfigMap.</summary>
    /// <param name="configMap">The client object.</param>
    /// <returns>The model.</returns>
    public static ConfigMap ToModel(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        return new ConfigMap
        {
            Name = configMap.Metadata?.Name ?? string.Empty,
            Namespace = NamespaceOf(configMap.Metadata),
            Data = ReadOnly(configMap.Data),
            BinaryData = DataMap.Create(configMap.BinaryData ?? new Dictionary<string, byte[]>()),
            Immutable = configMap.Immutable ?? false,
            ResourceVersion = configMap.Metadata?.ResourceVersion,
        };
    }

    /// <summary>Maps a ConfigMap back to the client's type.</summary>
    /// <param name="configMap">The model.</param>
    /// <returns>The client object.</returns>
    public static V1ConfigMap ToKubernetes(ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = configMap.Name, NamespaceProperty = configMap.Namespace, ResourceVersion = configMap.ResourceVersion },
            Data = configMap.Data.Count == 0 ? null : new Dictionary<string, string>(configMap.Data),
            BinaryData = configMap.BinaryData.Count == 0 ? null : configMap.BinaryData.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            Immutable = configMap.Immutable ? true : null,
        };
    }

    /// <summary>Maps a ServiceAccount.</summary>
    /// <param name="account">The client object.</param>
    /// <returns>The model.</returns>
    public static ServiceAccount ToModel(V1ServiceAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new ServiceAccount
        {
            Name = account.Metadata?.Name ?? string.Empty,
            Namespace = NamespaceOf(account.Metadata),
            ImagePullSecrets = account.ImagePullSecrets?.Select(r => r.Name ?? string.Empty).ToArray() ?? [],
        };
    }

    /// <summary>Maps a Pod.</summary>
    /// <param name="pod">The client object.</param>
    /// <returns>The model.</returns>
    public static Pod ToModel(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = pod.Spec ?? new V1PodSpec();
        return new Pod
        {
            Name = pod.Metadata?.Name ?? string.Empty,
            Namespace = NamespaceOf(pod.Metadata),
            Uid = pod.Metadata?.Uid,
            ResourceVersion = pod.Metadata?.ResourceVersion,
            Phase = pod.Status?.Phase,
            Labels = ReadOnly(pod.Metadata?.Labels),
            Annotations = ReadOnly(pod.Metadata?.Annotations),
            NodeName = spec.NodeName ?? string.Empty,
            TerminationGracePeriodSeconds = spec.TerminationGracePeriodSeconds,
            Status = StatusOf(pod.Status),
            Containers = spec.Containers?.Select(c => ToModel(c.Name, c.Image, c.Env, c.EnvFrom, c.VolumeMounts) with { Resources = ResourcesOf(c.Resources), SecurityContext = SecurityOf(c.SecurityContext) }).ToArray() ?? [],
            InitContainers = spec.InitContainers?.Select(c => ToModel(c.Name, c.Image, c.Env, c.EnvFrom, c.VolumeMounts) with { Resources = ResourcesOf(c.Resources), SecurityContext = SecurityOf(c.SecurityContext) }).ToArray() ?? [],
            EphemeralContainers = spec.EphemeralContainers?.Select(c => ToModel(c.Name, c.Image, c.Env, c.EnvFrom, c.VolumeMounts) with { Resources = ResourcesOf(c.Resources), SecurityContext = SecurityOf(c.SecurityContext) }).ToArray() ?? [],
            Volumes = spec.Volumes?.Select(ToModel).ToArray() ?? [],
            SecurityContext = spec.SecurityContext is { } sc
                ? new PodSecurityContext { RunAsUser = sc.RunAsUser, RunAsGroup = sc.RunAsGroup, FsGroup = sc.FsGroup }
                : PodSecurityContext.None,
            ImagePullSecrets = spec.ImagePullSecrets?.Select(r => r.Name ?? string.Empty).ToArray() ?? [],
            ServiceAccountName = string.IsNullOrEmpty(spec.ServiceAccountName) ? "default" : spec.ServiceAccountName,
        };
    }

    /// <summary>
    /// Maps a workload's pod template (a Deployment's <c>spec.template</c>, a CronJob's
    /// <c>spec.jobTemplate.spec.template</c>, …) to the pod it stands for: named after the workload, in its
    /// namespace, without a uid (each pod the workload creates gets its own name and uid).
    /// </summary>
    /// <param name="workload">The workload's metadata: its name and namespace.</param>
    /// <param name="template">The pod template.</param>
    /// <returns>The model.</returns>
    public static Pod ToModel(V1ObjectMeta? workload, V1PodTemplateSpec? template) => ToModel(new V1Pod
    {
        Metadata = new V1ObjectMeta { Name = workload?.Name, NamespaceProperty = workload?.NamespaceProperty },
        Spec = template?.Spec,
    });

    private static Container ToModel(string? name, string? image, IList<V1EnvVar>? env, IList<V1EnvFromSource>? envFrom, IList<V1VolumeMount>? mounts) => new()
    {
        Name = name ?? string.Empty,
        Image = image,
        Env = env?.Select(ToModel).ToArray() ?? [],
        EnvFrom = envFrom?.Select(ToModel).ToArray() ?? [],
        VolumeMounts = mounts?.Select(m => new VolumeMount
        {
            Name = m.Name ?? string.Empty,
            MountPath = m.MountPath ?? string.Empty,
            SubPath = m.SubPath ?? string.Empty,
            SubPathExpr = m.SubPathExpr ?? string.Empty,
            ReadOnly = m.ReadOnlyProperty ?? false,
        }).ToArray() ?? [],
    };

    private static EnvVar ToModel(V1EnvVar variable) => new()
    {
        Name = variable.Name ?? string.Empty,
        Value = variable.Value ?? string.Empty,
        ValueFrom = variable.ValueFrom is { } from
            ? new EnvVarSource
            {
                SecretKeyRef = from.SecretKeyRef is { } s ? new KeySelector(s.Name ?? string.Empty, s.Key ?? string.Empty, s.Optional ?? false) : null,
                ConfigMapKeyRef = from.ConfigMapKeyRef is { } c ? new KeySelector(c.Name ?? string.Empty, c.Key ?? string.Empty, c.Optional ?? false) : null,
                FieldPath = from.FieldRef?.FieldPath,
                ResourceFieldRef = from.ResourceFieldRef is { } r ? ResourceFieldOf(r) : null,
                UnsupportedKind = from.FileKeyRef is not null ? "fileKeyRef" : null,
            }
            : null,
    };

    private static EnvFromSource ToModel(V1EnvFromSource source) => new()
    {
        Prefix = source.Prefix ?? string.Empty,
        SecretRef = source.SecretRef is { } s ? new ObjectSelector(s.Name ?? string.Empty, s.Optional ?? false) : null,
        ConfigMapRef = source.ConfigMapRef is { } c ? new ObjectSelector(c.Name ?? string.Empty, c.Optional ?? false) : null,
    };

    private static Volume ToModel(V1Volume volume) => new()
    {
        Name = volume.Name ?? string.Empty,
        Secret = volume.Secret is { } s
            ? new SecretVolumeSource
            {
                SecretName = s.SecretName ?? string.Empty,
                Items = ToModel(s.Items),
                DefaultMode = s.DefaultMode,
                DefaultUser = s.DefaultUser,
                Optional = s.Optional ?? false,
            }
            : null,
        ConfigMap = volume.ConfigMap is { } c
            ? new ConfigMapVolumeSource
            {
                Name = c.Name ?? string.Empty,
                Items = ToModel(c.Items),
                DefaultMode = c.DefaultMode,
                DefaultUser = c.DefaultUser,
                Optional = c.Optional ?? false,
            }
            : null,
        Projected = volume.Projected is { } p
            ? new ProjectedVolumeSource
            {
                DefaultMode = p.DefaultMode,
                DefaultUser = p.DefaultUser,
                Sources = p.Sources?.Select(ToModel).ToArray() ?? [],
            }
            : null,
        DownwardApi = volume.DownwardAPI is { } d ? DownwardApiOf(d.Items, d.DefaultMode) : null,
        OtherKind = volume.Secret is null && volume.ConfigMap is null && volume.Projected is null && volume.DownwardAPI is null ? OtherKindOf(volume) : null,
    };

    private static VolumeProjection ToModel(V1VolumeProjection source) => new()
    {
        Secret = source.Secret is { } s ? new ProjectedObject { Name = s.Name ?? string.Empty, Items = ToModel(s.Items), Optional = s.Optional ?? false } : null,
        ConfigMap = source.ConfigMap is { } c ? new ProjectedObject { Name = c.Name ?? string.Empty, Items = ToModel(c.Items), Optional = c.Optional ?? false } : null,
        DownwardApi = source.DownwardAPI is { } d ? DownwardApiOf(d.Items, null) : null,
        ServiceAccountToken = source.ServiceAccountToken is { } t ? TokenOf(t) : null,
        ClusterTrustBundle = source.ClusterTrustBundle is { } b ? TrustBundleOf(b) : null,
        UnsupportedKind = source.Secret is null && source.ConfigMap is null && source.DownwardAPI is null
            && source.ServiceAccountToken is null && source.ClusterTrustBundle is null
            ? OtherSourceOf(source)
            : null,
    };

    private static KeyToPath[] ToModel(IList<V1KeyToPath>? items) =>
        items?.Select(i => new KeyToPath { Key = i.Key ?? string.Empty, Path = i.Path ?? string.Empty, Mode = i.Mode, User = i.User }).ToArray() ?? [];

    // The client has a property per volume kind; its JSON names the one that is set.
    private static string? OtherKindOf(V1Volume volume)
    {
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(volume));
        return json.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != "name");
    }

    /// <summary>The fields of a Secret's own that the model keeps.</summary>
    internal readonly record struct SecretFields(string? Type, ICollection<KeyValuePair<string, byte[]>>? Data, IDictionary<string, string>? StringData, bool Immutable);

    /// <summary>The fields of an object's metadata that the model keeps.</summary>
    internal readonly record struct MetadataFields(string? Name, string? Namespace, string? Uid, string? ResourceVersion, IDictionary<string, string>? Annotations);

    private static string NamespaceOf(V1ObjectMeta? metadata) =>
        string.IsNullOrEmpty(metadata?.NamespaceProperty) ? "default" : metadata.NamespaceProperty;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>().AsReadOnly();

    private static IReadOnlyDictionary<string, string> ReadOnly(IDictionary<string, string>? map) =>
        map is null || map.Count == 0 ? Empty : map.ToDictionary(e => e.Key, e => e.Value ?? string.Empty, StringComparer.Ordinal).AsReadOnly();
}
