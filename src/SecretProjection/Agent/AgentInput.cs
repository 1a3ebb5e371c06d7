using SecretProjection.Model;
using SecretProjection.Syncing;

namespace SecretProjection.Agent;

/// <summary>What the node agent's loop reads, in order: the pod reflector's changes and the pod syncs' reports.</summary>
internal abstract record AgentInput
{
    /// <summary>A pod was listed or watched, new or changed.</summary>
    public sealed record PodUpdated(Pod Pod) : AgentInput;

    /// <summary>A pod was deleted, or a relist no longer has it.</summary>
    public sealed record PodDeleted(string Key) : AgentInput;

    /// <summary>The first list is applied.</summary>
    public sealed record Listed : AgentInput;

    /// <summary>A pod's sync reported.</summary>
    public sealed record Synced(string Uid, SyncEvent Event) : AgentInput;

    /// <summary>A pod's sync ended (stopped, or failed with <paramref name="Failure"/>); every report of it came before.</summary>
    public sealed record SyncEnded(string Uid, Exception? Failure) : AgentInput;
}
