using SecretProjection.Model;

namespace SecretProjection.Syncing;

/// <summary>
/// Keeps one pod's secret, configMap, downwardAPI and projected volumes in step with its Secrets and ConfigMaps, faster than
/// the kubelet: every volume is projected when the sync starts, a volume is projected again as soon as a watch
/// reports a change of an object it reads (at most once per <see cref="PodSyncOptions.MinProjectionInterval"/>),
/// and every volume is projected again each <see cref="PodSyncOptions.SyncPeriod"/>. A volume that fails keeps its
/// previous contents and is tried again after 500 ms, doubling up to 2 min 2 s (the kubelet's retry of a failed
/// mount). Changes that reach environment variables are reported as drift: a restart is required. A sync made with
/// a source of pods follows its pod too: a change of its labels or annotations rewrites its downwardAPI files at once
/// (<see cref="SyncTrigger.PodUpdate"/>), and its deletion ends the sync (<see cref="SyncEventKind.PodDeleted"/>).
/// </summary>
public interface IPodSync
{
    /// <summary>The pod: as last read from its source when the sync follows it, with the volumes it started with.</summary>
    Pod Pod { get; }

    /// <summary>
    /// Registers the pod with the managers, syncs until <paramref name="cancellationToken"/> is cancelled (the
    /// sequence then ends without an exception), and unregisters the pod. One run at a time.
    /// </summary>
    /// <param name="cancellationToken">Ends the sync.</param>
    /// <returns>What happened, in order.</returns>
    IAsyncEnumerable<SyncEvent> RunAsync(CancellationToken cancellationToken = default);
}
