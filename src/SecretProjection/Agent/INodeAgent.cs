namespace SecretProjection.Agent;

/// <summary>
/// Keeps the secret, configMap, downwardAPI and projected volumes of every pod of one node in step with the API server, in the
/// kubelet's layout (<c>ROOT/pods/&lt;uid&gt;/volumes/&lt;plugin&gt;/&lt;volume&gt;</c>): each pod is synced as
/// <see cref="Syncing.IPodSync"/> syncs one, over managers shared by all pods; a pod that is deleted or ends has its
/// volumes removed; at start, what pods that are no longer live left behind is removed.
/// </summary>
public interface INodeAgent
{
    /// <summary>The node.</summary>
    string NodeName { get; }

    /// <summary>
    /// Whether the first list of the node's pods is done and each of their volumes has been written or has failed
    /// once. Stays true once it is.
    /// </summary>
    bool IsReady { get; }

    /// <summary>Waits until <see cref="IsReady"/>.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the agent is ready.</returns>
    Task WaitUntilReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled (the sequence then ends without an exception,
    /// after the writes in progress; the volumes stay). One run at a time.
    /// </summary>
    /// <param name="cancellationToken">Ends the run.</param>
    /// <returns>What happened, in order.</returns>
    IAsyncEnumerable<AgentEvent> RunAsync(CancellationToken cancellationToken = default);
}
