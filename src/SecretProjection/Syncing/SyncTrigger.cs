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

    /// <summary>A retry of a volume that failed: after 500 ms, doubling up to 2 min 2 s, as the kubelet retries a failed mount.</summary>
    Retry,

    /// <summary>
    /// A token of a <c>serviceAccountToken</c> source is due for renewal: 80 % of its lifetime or 24 hours have passed
    /// (the kubelet's token manager).
    /// </summary>
    TokenRefresh,

    /// <summary>
    /// The pod changed on its source (its labels or annotations, read by a <c>downwardAPI</c> volume or source): the
    /// kubelet syncs the pod again on each update and rewrites its downwardAPI files.
    /// </summary>
    PodUpdate,
}
