using SecretProjection.Model;

namespace SecretProjection.Projection;

/// <summary>The object key a planned file comes from.</summary>
/// <param name="Kind">The kind of object.</param>
/// <param name="Name">The object name.</param>
/// <param name="Key">The key.</param>
public sealed record FileSource(ObjectKind Kind, string Name, string Key)
{
    /// <summary><c>name/key</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Name + "/" + Key;
}
