using System.IO.Abstractions;

namespace SecretProjection.Extensions.Configuration.Volumes;

/// <summary>
/// Reads one whole generation of a projected volume through the resolved <c>..data</c> target, so that a
/// swap during the read never yields a mix of old and new files.
/// </summary>
internal static class GenerationReader
{
    /// <summary>How many swaps in a row a read tolerates before giving up.</summary>
    internal const int MaxAttempts = 16;

    /// <summary>
    /// Reads the top-level files of the current generation whose names pass <paramref name="includeName"/>;
    /// the writer's <c>..</c> entries are always skipped. A directory without <c>..data</c> is read as it is.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="IOException">The volume could not be read, or kept swapping while it was read.</exception>
    internal static VolumeSnapshot Read(IFileSystem fileSystem, string directory, Func<string, bool> includeName)
    {
        for (var attempt = 1; ; attempt++)
        {
            var generation = ProjectedVolumeLayout.ResolveGeneration(fileSystem, directory);
            if (generation is null)
            {
                return new VolumeSnapshot(null, ReadFiles(fileSystem, directory, includeName));
            }

            try
            {
                var files = ReadFiles(fileSystem, fileSystem.Path.Combine(directory, generation), includeName);

                // The writer deletes a generation only after swapping away from it: if ..data still points
                // here, nothing was removed while we read, so the snapshot is the whole generation.
                if (ProjectedVolumeLayout.ResolveGeneration(fileSystem, directory) == generation)
                {
                    return new VolumeSnapshot(generation, files);
                }
            }
            catch (IOException) when (ProjectedVolumeLayout.ResolveGeneration(fileSystem, directory) != generation)
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
    internal static VolumeSnapshot? TryReadNewer(IFileSystem fileSystem, string directory, Func<string, bool> includeName, string? loadedGeneration)
    {
        try
        {
            var next = Read(fileSystem, directory, includeName);
            return next.Generation == loadedGeneration ? null : next;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The volume went away or became unreadable: the last good values beat none.
            return null;
        }
    }

    private static List<VolumeFile> ReadFiles(IFileSystem fileSystem, string directory, Func<string, bool> includeName)
    {
        // SearchOption's enumeration skips no attributes (a name starting with a dot is "hidden" on Linux, and
        // .dockerconfigjson is a key) and fails on an inaccessible entry rather than skipping it.
        var files = new List<VolumeFile>();
        foreach (var file in fileSystem.DirectoryInfo.New(directory).EnumerateFiles("*", SearchOption.TopDirectoryOnly))
        {
            if (!ProjectedVolumeLayout.IsWriterEntry(file.Name) && includeName(file.Name))
            {
                files.Add(new VolumeFile(file.Name, fileSystem.File.ReadAllBytes(file.FullName)));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return files;
    }
}
