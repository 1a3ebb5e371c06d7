using SecretProjection.Model;

namespace SecretProjection.Projection;

/// <summary>One container mount of a planned volume, and whether it sees updates of the volume.</summary>
public sealed record MountPlan
{
    /// <summary>The container name.</summary>
    public required string Container { get; init; }

    /// <summary>Which list of the pod spec the container comes from.</summary>
    public ContainerKind ContainerKind { get; init; }

    /// <summary>The volume name.</summary>
    public required string Volume { get; init; }

    /// <summary>The path inside the container.</summary>
    public required string MountPath { get; init; }

    /// <summary>The <c>subPath</c>, or the unexpanded <c>subPathExpr</c>; empty for the whole volume.</summary>
    public string SubPath { get; init; } = string.Empty;

    /// <summary>Whether the container sees later changes of the volume: never through a subPath (kubernetes/kubernetes#50345).</summary>
    public bool ReceivesUpdates { get; init; }

    /// <summary>The traps this mount falls into, each with its reason.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
