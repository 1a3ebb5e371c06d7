namespace SecretProjection.Model;

/// <summary>A Secret or ConfigMap source of a projected volume.</summary>
public sealed record ProjectedObject
{
    /// <summary>The object name.</summary>
    public required string Name { get; init; }

    /// <summary>The keys to project; when empty, every key. Default: none.</summary>
    public IReadOnlyList<KeyToPath> Items { get; init; } = [];

    /// <summary>Whether the object or its listed keys may be missing. Default: <see langword="false"/>.</summary>
    public bool Optional { get; init; }
}
