namespace SecretProjection.Model;

/// <summary>A <c>configMap</c> volume.</summary>
public sealed record ConfigMapVolumeSource
{
    /// <summary>The ConfigMap's name.</summary>
    public required string Name { get; init; }

    /// <summary>The keys to project; when empty, every key is projected at its own name. Default: none.</summary>
    public IReadOnlyList<KeyToPath> Items { get; init; } = [];

    /// <summary>The mode of each file without its own. Default: <see langword="null"/>, which means 0644.</summary>
    public int? DefaultMode { get; init; }

    /// <summary>The owning user id of each file without its own (KEP-5936). Default: not set.</summary>
    public long? DefaultUser { get; init; }

    /// <summary>Whether the ConfigMap or its listed keys may be missing. Default: <see langword="false"/>.</summary>
    public bool Optional { get; init; }
}
