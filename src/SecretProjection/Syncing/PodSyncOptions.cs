namespace SecretProjection.Syncing;

/// <summary>How a pod's volumes are kept in step with its Secrets and ConfigMaps.</summary>
public sealed class PodSyncOptions
{
    /// <summary>
    /// How often every volume is projected again, whatever the watches said: the safety net, and the only way
    /// changes arrive with the Cache and Get strategies. Default: 1 minute (the kubelet's <c>--sync-frequency</c>).
    /// </summary>
    public TimeSpan SyncPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The shortest time between two projections of one volume after a change: a change within it waits for its
    /// end, and the changes that arrive meanwhile are projected together. Zero projects every change at once.
    /// Default: 1 second.
    /// </summary>
    public TimeSpan MinProjectionInterval { get; set; } = TimeSpan.FromSeconds(1);
}
