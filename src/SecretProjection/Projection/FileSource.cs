using SecretProjection.Model;

namespace SecretProjection.Projection;

/// <summary>The object key a planned file comes from.</summary>
public sealed record FileSource
{
    /// <summary>Initializes a new instance of the <see cref="FileSource"/> record.</summary>
    /// <param name="kind">The kind of object.</param>
    /// <param name="name">The object name.</param>
    /// <param name="key">The key.</param>
    public FileSource(ObjectKind kind, string name, string key)
    {
        Kind = kind;
        Name = name;
        Key = key;
    }

    /// <summary>The kind of object.</summary>
    public ObjectKind Kind { get; }

    /// <summary>The object name.</summary>
    public string Name { get; }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <summary><c>name/key</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Name + "/" + Key;
}
