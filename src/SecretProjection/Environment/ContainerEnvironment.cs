using SecretProjection.Model;

namespace SecretProjection.Environment;

/// <summary>The environment of one container, as the kubelet would build it at container start.</summary>
/// <remarks>
/// <see cref="Env"/> order: a name sits where it was first defined (the <c>envFrom</c> sources in order, each
/// source's keys in ordinal order, then <c>env</c>) and holds its last value. The kubelet builds the list from a
/// Go map, so it has no order of its own; this one is deterministic.
/// </remarks>
public sealed class ContainerEnvironment
{
    internal ContainerEnvironment()
    {
    }

    /// <summary>The container name.</summary>
    public string ContainerName { get; internal init; } = string.Empty;

    /// <summary>Which list of the pod spec the container comes from.</summary>
    public ContainerKind Kind { get; internal init; }

    /// <summary>Whether the container is an init container.</summary>
    public bool IsInit => Kind == ContainerKind.Init;

    /// <summary>The variables, in the documented order; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<ResolvedEnvVar> Env { get; internal init; } = [];

    /// <summary>The events recorded on the pod while resolving, in order.</summary>
    public IReadOnlyList<PodEvent> Events { get; internal init; } = [];

    /// <summary>Why the container cannot start, or <see langword="null"/>.</summary>
    public ContainerStartError? Error { get; internal init; }

    /// <summary>Whether the container can start.</summary>
    public bool CanStart => Error is null;

    /// <summary>The container, its kind, its variable names and its outcome; never a value.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{Kind} container {ContainerName}: " + (Error is null ? $"{Env.Count} variables" : $"{Error.Reason}: {Error.Message}");
}
