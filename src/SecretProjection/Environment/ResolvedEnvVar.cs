using System.Globalization;

namespace SecretProjection.Environment;

/// <summary>One variable of a container's environment, as handed to the runtime.</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value, which may be a secret.</param>
public readonly record struct ResolvedEnvVar(string Name, string Value)
{
    /// <summary>The name and the value's length, never the value: <c>NAME (5 chars)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({Value.Length} chars)");
}
