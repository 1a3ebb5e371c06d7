namespace SecretProjection.Model;

/// <summary>One <c>env</c> entry: a literal value (which may hold <c>$(VAR)</c> references) or a reference.</summary>
public sealed record EnvVar
{
    /// <summary>The variable name.</summary>
    public required string Name { get; init; }

    /// <summary>The literal value, when no <see cref="ValueFrom"/> is set. Default: empty.</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>Where the value comes from, when not literal.</summary>
    public EnvVarSource? ValueFrom { get; init; }
}
