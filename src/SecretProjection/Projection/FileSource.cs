namespace SecretProjection.Projection;

/// <summary>The object key a planned file comes from.</summary>
/// <param name="Kind"><c>Secret</c> or <c>ConfigMap</c>.</param>
/// <param name="Name">The object name.</param>
/// <param name="Key">The key.</param>
public sealed record FileSource(string Kind, string Name, string Key)
{
    /// <summary>The kind of a Secret source.</summary>
    public const string SecretKind = "Secret";

    /// <summary>The kind of a ConfigMap source.</summary>
    public const string ConfigMapKind = "ConfigMap";

    /// <summary><c>name/key</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Name + "/" + Key;
}
