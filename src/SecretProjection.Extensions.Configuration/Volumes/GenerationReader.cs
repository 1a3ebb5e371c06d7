namespace SecretProjection.Extensions.Configuration.Volumes;

/// <summary>
/// Reads one whole generation of a projected volume through the resolved <c>..data</c> target, so that a
/// swap during the read never yields a mix of old and new files.
/// </summary>
internal static class GenerationReader
{
    /// <summary>How many swaps in a row a read tolerates before giving up.</summary>
    internal const int MaxAttempts = 16;

    private static readonly EnumerationOptions TopLevelEverything = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        MatchType = MatchType.Simple,
        RecurseSubdirectories = false,
    };

    /// <summary>
    /// Reads the top-level files of the current generation whose names pass <paramref name="includeName"/>;
    /// the writer's <c>..</c> entries are always skipped. A directory without <c>..data</c> is read as it is.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="IOException">The volume could not be read, or kept swapping while it was read.</exception>
    internal static VolumeSnapshot Read(string directory, Func<string, bool> includeName)
    {
        for (var attempt = 1; ; attempt++)
        {
            var generation = ProjectedVolumeLayout.ResolveGeneration(directory);
            if (generation is null)
            {
                return new VolumeSnapshot(null, ReadFiles(directory, includeName));
            }

            try
            {
                var files = ReadFiles(Path.Combine(directory, generation), includeName);

                // The writer deletes a generation only after swapping away from it: if ..data still points
                // here, nothing was removed while we read, so the snapshot is the whole generation.
                if (ProjectedVolumeLayout.ResolveGeneration(directory) == generation)
                {
                    return new VolumeSnapshot(generation, files);
                }
            }
            catch (IOException) when (ProjectedVolumeLayout.ResolveGeneration(directory) != generation)
            {
                // The generation was swapped out and removed under us: read the new one.
            }

            if (attempt == MaxAttempts)
            {
                throw new IOException($"The projected volume '{directory}' was swapped {MaxAttempts} times while it was being read.");
            }
        }
    }

    /// <summary>
    /// For reloads: the current generation if it is not <paramref name="loadedGeneration"/> and could be read,
    /// otherwise <see langword="null"/>, so that the caller keeps serving what it has.
    /// </summary>
    internal static VolumeSnapshot? TryReadNewer(string directory, Func<string, bool> includeName, string? loadedGeneration)
    {
        try
        {
            var next = Read(directory, includeName);
            return next.Generation == loadedGeneration ? null : next;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The volume went away or became unreadable: the last good values beat none.
            return null;
        }
    }

    private static List<VolumeFile> ReadFiles(string directory, Func<string, bool> includeName)
    {
        var files = new List<VolumeFile>();
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", TopLevelEverything))
        {
            if (!ProjectedVolumeLayout.IsWriterEntry(file.Name) && includeName(file.Name))
            {
                files.Add(new VolumeFile(file.Name, File.ReadAllBytes(file.FullName)));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return files;
    }
}
