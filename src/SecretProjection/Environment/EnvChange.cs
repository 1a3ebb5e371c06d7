namespace SecretProjection.Environment;

/// <summary>One variable a restart would change; it names the variable, never a value.</summary>
public readonly struct EnvChange
{
    /// <summary>Initializes a new instance of the <see cref="EnvChange"/> struct.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="kind">How it would change.</param>
    public EnvChange(string name, EnvChangeKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The variable name.</summary>
    public string Name { get; }

    /// <summary>How it would change.</summary>
    public EnvChangeKind Kind { get; }
}
