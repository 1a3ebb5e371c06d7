namespace SecretProjection.Syncing;

/// <summary>Why a volume was projected.</summary>
public enum SyncTrigger
{
    /// <summary>The first projection when the sync starts.</summary>
    Initial,

    /// <summary>A watch reported a change of an object the volume reads.</summary>
    Change,

    /// <summary>The periodic sync.</summary>
    Periodic,
}
