using SecretProjection.Model;

namespace SecretProjection.Projection;

/// <summary>One container mount of a planned volume, and whether it sees updates of the volume.</summary>
public sealed class MountPlan
{
    internal MountPlan()
    {
    }

    /// <summary>The container name.</summary>
    public string Container { get; internal init; } = string.Empty;

    /// <summary>Which list of the pod spec the container comes from.</summary>
    public ContainerKind ContainerKind { get; internal init; }

    /// <summary>The volume name.</summary>
    public string Volume { get; internal init; } = string.Empty;

    /// <summary>The path inside the container.</summary>
    public string MountPath { get; internal init; } = string.Empty;

    /// <summary>The <c>subPath</c>, or the unexpanded <c>subPathExpr</c>; empty for the whole volume.</summary>
    public string SubPath { get; internal init; } = string.Empty;

    /// <summary>Whether the container sees later changes of the volume: never through a subPath (kubernetes/kubernetes#50345).</summary>
    public bool ReceivesUpdates { get; internal init; }

    /// <summary>The traps this mount falls into, each with its reason.</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];
}
