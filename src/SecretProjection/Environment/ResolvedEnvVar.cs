using System.Globalization;

namespace SecretProjection.Environment;

/// <summary>One variable of a container's environment, as handed to the runtime.</summary>
public readonly struct ResolvedEnvVar
{
    /// <summary>Initializes a new instance of the <see cref="ResolvedEnvVar"/> struct.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value, which may be a secret.</param>
    public ResolvedEnvVar(string name, string value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The value, which may be a secret.</summary>
    public string Value { get; }

    /// <summary>The name and the value's length, never the value: <c>NAME (5 chars)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({Value.Length} chars)");
}
