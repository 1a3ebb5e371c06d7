namespace SecretProjection.Agent;

/// <summary>One thing the node agent did. Never holds values: names, uids, generations and messages.</summary>
public sealed class AgentEvent
{
    /// <summary>What happened.</summary>
    public required AgentEventKind Kind { get; init; }

    /// <summary><c>namespace/name</c> of the pod; <see langword="null"/> for what a pod that is no longer live left behind.</summary>
    public string? Pod { get; init; }

    /// <summary>The pod's uid: the name of its directory under <c>pods/</c>.</summary>
    public required string Uid { get; init; }

    /// <summary>The volume, for the volume kinds.</summary>
    public string? Volume { get; init; }

    /// <summary>
    /// What it is about, for people: the generation written and why, the planner's or the writer's failure, the
    /// containers that drift, or why a pod was removed.
    /// </summary>
    public string? Message { get; init; }

    /// <summary>When it happened, by the agent's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>One line: <c>VolumeWritten shop/web (uid) db: ..data -> ..2026_…</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() =>
        $"{Kind} {Pod ?? "-"} ({Uid}){(Volume is null ? string.Empty : " " + Volume)}{(Message is null ? string.Empty : ": " + Message)}";
}
