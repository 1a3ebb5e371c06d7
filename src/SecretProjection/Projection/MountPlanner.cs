using SecretProjection.Model;
using SecretProjection.Writing;

namespace SecretProjection.Projection;

/// <summary>Plans the container mounts of planned volumes: whether each sees updates, and the traps it falls into.</summary>
internal static class MountPlanner
{
    public const string SubPathNeverUpdates =
        "subPath mounts never receive updates: the kubelet bind-mounts the file once, and the atomic writer's later swaps do not reach it (kubernetes/kubernetes#50345)";

    public static IReadOnlyList<MountPlan> Plan(Pod pod, IReadOnlyList<VolumePlan> volumes)
    {
        var byName = new Dictionary<string, VolumePlan>(StringComparer.Ordinal);
        foreach (var volume in volumes)
        {
            byName.TryAdd(volume.Name, volume);
        }

        var mounts = new List<MountPlan>();
        foreach (var (container, kind) in pod.AllContainers())
        {
            foreach (var mount in container.VolumeMounts)
            {
                if (!byName.TryGetValue(mount.Name ?? string.Empty, out var volume))
                {
                    continue;
                }

                mounts.Add(PlanMount(pod, container, kind, mount, volume));
            }
        }

        return mounts;
    }

    private static MountPlan PlanMount(Pod pod, Container container, ContainerKind kind, VolumeMount mount, VolumePlan volume)
    {
        var subPath = mount.SubPath.Length > 0 ? mount.SubPath : mount.SubPathExpr;
        var warnings = new List<string>();
        if (subPath.Length > 0)
        {
            warnings.Add(SubPathNeverUpdates);

            // subPathExpr is expanded from the container's environment at start; only a literal subPath can be checked.
            if (mount.SubPath.Length > 0 && volume.Succeeded && !Contains(volume, PayloadPaths.Clean(mount.SubPath)))
            {
                warnings.Add($"subPath \"{mount.SubPath}\" is not a file of the volume: the kubelet creates an empty directory there, and it stays a directory even after the key appears (kubernetes/kubernetes#103531)");
            }

            if (HasOptionalSource(pod, volume.Name))
            {
                warnings.Add("the volume's source is optional: while the Secret or key is missing, the subPath is an empty directory instead of a file, and it is not replaced when the key appears (kubernetes/kubernetes#127125)");
            }
        }

        return new MountPlan
        {
            Container = container.Name,
            ContainerKind = kind,
            Volume = volume.Name,
            MountPath = mount.MountPath,
            SubPath = subPath,
            ReceivesUpdates = subPath.Length == 0,
            Warnings = warnings,
        };
    }

    private static bool Contains(VolumePlan volume, string path) =>
        volume.Files.Any(f => f.Path == path || f.Path.StartsWith(path + "/", StringComparison.Ordinal));

    private static bool HasOptionalSource(Pod pod, string volumeName) => pod.FindVolume(volumeName) switch
    {
        { Secret: { } s } => s.Optional,
        { ConfigMap: { } c } => c.Optional,
        { Projected: { } p } => p.Sources.Any(s => s.Secret?.Optional == true || s.ConfigMap?.Optional == true),
        _ => false,
    };
}
