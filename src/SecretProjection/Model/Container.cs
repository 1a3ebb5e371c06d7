namespace SecretProjection.Model;

/// <summary>The part of a container that consumes Secrets: its environment and its volume mounts.</summary>
public sealed record Container
{
    /// <summary>The container name.</summary>
    public required string Name { get; init; }

    /// <summary>The image reference, when given.</summary>
    public string? Image { get; init; }

    /// <summary><c>env</c>, in order. Default: none.</summary>
    public IReadOnlyList<EnvVar> Env { get; init; } = [];

    /// <summary><c>envFrom</c>, in order. Default: none.</summary>
    public IReadOnlyList<EnvFromSource> EnvFrom { get; init; } = [];

    /// <summary><c>volumeMounts</c>, in order. Default: none.</summary>
    public IReadOnlyList<VolumeMount> VolumeMounts { get; init; } = [];

    /// <summary><c>resources</c>: requests and limits. Default: none.</summary>
    public ResourceRequirements Resources { get; init; } = ResourceRequirements.None;

    /// <summary>The container-level security context. Default: nothing set.</summary>
    public ContainerSecurityContext SecurityContext { get; init; } = ContainerSecurityContext.None;
}
