using SecretProjection.Model;

namespace SecretProjection.Environment;

/// <summary>What restarting one container now would change in its environment.</summary>
public sealed record EnvDriftResult
{
    /// <summary>The container name.</summary>
    public required string ContainerName { get; init; }

    /// <summary>Which list of the pod spec the container comes from.</summary>
    public required ContainerKind Kind { get; init; }

    /// <summary>
    /// The variables that would change: added and changed ones in their order now, then removed ones in their
    /// order at start. Empty when <see cref="RestartError"/> is set.
    /// </summary>
    public required IReadOnlyList<EnvChange> Changes { get; init; }

    /// <summary>Why the container could not start again now, or <see langword="null"/>.</summary>
    public ContainerStartError? RestartError { get; init; }

    /// <summary>Whether a restart would give the process another environment: the running one is stale.</summary>
    public bool RestartRequired => Changes.Count > 0;
}
