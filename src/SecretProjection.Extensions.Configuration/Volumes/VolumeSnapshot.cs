namespace SecretProjection.Extensions.Configuration.Volumes;

/// <summary>The files of exactly one generation of a projected volume.</summary>
/// <param name="Generation">The generation directory read, or <see langword="null"/> for a plain directory.</param>
/// <param name="Files">The top-level files, ordered by name (ordinal).</param>
internal sealed record VolumeSnapshot(string? Generation, IReadOnlyList<VolumeFile> Files);
