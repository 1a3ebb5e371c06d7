using System.Threading.Channels;
using SecretProjection.Syncing;

namespace SecretProjection.Agent;

/// <summary>
/// What a pod sync run by the node agent writes its events to: each becomes the agent's <see cref="AgentInput.Synced"/>
/// on the agent's own channel, in the order written. The sync's completion is kept (<see cref="Failure"/>) for the
/// <see cref="AgentInput.SyncEnded"/> the agent writes after the sync's last report.
/// </summary>
internal sealed class PodReports(string uid, ChannelWriter<AgentInput> inputs) : ChannelWriter<SyncEvent>
{
    /// <summary>The failure the sync ended with; <see langword="null"/> while it runs or when it stopped.</summary>
    public Exception? Failure { get; private set; }

    public override bool TryWrite(SyncEvent item) => inputs.TryWrite(new AgentInput.Synced(uid, item));

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inputs.WaitToWriteAsync(cancellationToken);

    public override bool TryComplete(Exception? error = null)
    {
        Failure = error;
        return true;
    }
}
