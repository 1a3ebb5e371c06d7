namespace SecretProjection.Model;

/// <summary>A <c>downwardAPI</c> volume, or the <c>downwardAPI</c> source of a projected volume (which has no mode of its own).</summary>
public sealed record DownwardApiVolumeSource
{
    /// <summary>The files, in order. Default: none.</summary>
    public IReadOnlyList<DownwardApiVolumeFile> Items { get; init; } = [];

    /// <summary>The mode of each file without its own. Default: <see langword="null"/>, which means 0644.</summary>
    public int? DefaultMode { get; init; }
}
