namespace SecretProjection.Model;

/// <summary>A <c>projected</c> volume: several sources into one directory.</summary>
public sealed record ProjectedVolumeSource
{
    /// <summary>The sources, in order. Default: none.</summary>
    public IReadOnlyList<VolumeProjection> Sources { get; init; } = [];

    /// <summary>The mode of each file without its own. Default: <see langword="null"/>, which means 0644.</summary>
    public int? DefaultMode { get; init; }

    /// <summary>The owning user id of each file without its own (KEP-5936). Default: not set.</summary>
    public long? DefaultUser { get; init; }
}
