namespace SecretProjection.Environment;

/// <summary>One variable a restart would change; it names the variable, never a value.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Kind">How it would change.</param>
public readonly record struct EnvChange(string Name, EnvChangeKind Kind);
