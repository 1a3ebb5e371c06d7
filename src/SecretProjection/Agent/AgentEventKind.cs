namespace SecretProjection.Agent;

/// <summary>What an <see cref="AgentEvent"/> reports.</summary>
public enum AgentEventKind
{
    /// <summary>A pod of the node is synced from now on.</summary>
    PodAdded,

    /// <summary>A pod was deleted or ended (or, at start, a directory was left by a pod that is not live): its volumes are removed.</summary>
    PodRemoved,

    /// <summary>A new generation of a volume was published.</summary>
    VolumeWritten,

    /// <summary>A volume directory was removed (its tmpfs unmounted first).</summary>
    VolumeRemoved,

    /// <summary>A volume could not be written (it keeps its contents) or removed.</summary>
    VolumeFailed,

    /// <summary>What restarting a pod's containers would change in their environments differs from before.</summary>
    EnvDrift,
}
