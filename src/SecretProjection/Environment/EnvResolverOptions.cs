using SecretProjection.Validation;

namespace SecretProjection.Environment;

/// <summary>How <see cref="EnvResolver"/> resolves a container's environment.</summary>
public sealed class EnvResolverOptions
{
    /// <summary>The options with every default.</summary>
    public static EnvResolverOptions Default { get; } = new();

    /// <summary>
    /// The rule for names taken from <c>envFrom</c>. <see cref="EnvVarNameMode.Strict"/> skips keys that break
    /// <c>IsEnvVarName</c> and reports them once per source, as kubelets before relaxed names did;
    /// <see cref="EnvVarNameMode.Relaxed"/> takes every key, as current kubelets do.
    /// Default: <see cref="EnvVarNameMode.Relaxed"/>.
    /// </summary>
    public EnvVarNameMode EnvVarNames { get; init; } = EnvVarNameMode.Relaxed;

    /// <summary>
    /// The most characters the values of one container's environment may hold in total (overwritten values
    /// count too), which bounds the time and memory that <c>$(VAR)</c> expansion may take. A container past it
    /// cannot start (<see cref="EnvErrorKind.EnvironmentTooLarge"/>). Default: 33,554,432 (32 Mi).
    /// </summary>
    public int MaxEnvironmentLength { get; init; } = 32 * 1024 * 1024;
}
