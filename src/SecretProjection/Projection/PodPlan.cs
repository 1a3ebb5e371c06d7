namespace SecretProjection.Projection;

/// <summary>The plan of a pod's secret, configMap, downwardAPI and projected volumes and of their mounts.</summary>
public sealed class PodPlan
{
    internal PodPlan()
    {
    }

    /// <summary><c>namespace/name</c> of the pod.</summary>
    public string Pod { get; internal init; } = string.Empty;

    /// <summary>The secret, configMap, downwardAPI and projected volumes, in spec order.</summary>
    public IReadOnlyList<VolumePlan> Volumes { get; internal init; } = [];

    /// <summary>Every container mount of those volumes: init, regular, then ephemeral containers, each in spec order.</summary>
    public IReadOnlyList<MountPlan> Mounts { get; internal init; } = [];

    /// <summary>Whether every volume can be set up.</summary>
    public bool Succeeded => Volumes.All(v => v.Succeeded);
}
