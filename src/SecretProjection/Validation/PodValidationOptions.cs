namespace SecretProjection.Validation;

/// <summary>Options of <see cref="PodValidation"/>.</summary>
public sealed record PodValidationOptions
{
    /// <summary>The defaults.</summary>
    public static PodValidationOptions Default { get; } = new();

    /// <summary>The rule for <c>env[].name</c> and <c>envFrom[].prefix</c>. Default: <see cref="EnvVarNameMode.Relaxed"/>.</summary>
    public EnvVarNameMode EnvVarNames { get; init; } = EnvVarNameMode.Relaxed;
}
