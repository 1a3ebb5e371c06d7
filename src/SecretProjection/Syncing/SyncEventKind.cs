namespace SecretProjection.Syncing;

/// <summary>What a <see cref="SyncEvent"/> reports.</summary>
public enum SyncEventKind
{
    /// <summary>A new generation of the volume was published.</summary>
    VolumeWritten,

    /// <summary>The volume already held the data; nothing was written.</summary>
    VolumeUnchanged,

    /// <summary>The volume could not be set up; it keeps its previous contents.</summary>
    VolumeFailed,

    /// <summary>What restarting the pod's containers would change in their environments differs from before.</summary>
    EnvDrift,

    /// <summary>
    /// The pod the sync follows was deleted (or another pod, with another uid, now has its name): the sync ends after
    /// this event, and the volumes keep what was last written.
    /// </summary>
    PodDeleted,
}
