namespace SecretProjection.Writing;

/// <summary>Helpers over the port: a recursive removal that never follows links (as Go's <c>os.RemoveAll</c>), best-effort changes, paths.</summary>
internal static class VolumeTree
{
    /// <summary>Removes <paramref name="path"/> and everything below it; nothing to do when it is absent.</summary>
    public static void RemoveAll(IVolumeFileSystem fileSystem, string path)
    {
        if (fileSystem.GetEntry(path) is not { } entry)
        {
            return;
        }

        if (entry.Kind == VolumeEntryKind.Directory)
        {
            foreach (var name in fileSystem.List(path))
            {
                RemoveAll(fileSystem, Join(path, name));
            }
        }

        fileSystem.Remove(path);
    }

    /// <summary>
    /// Makes one change and goes on if the file system refuses it: an ownership or mode change (upstream logs
    /// it and goes on to the next name), or the clean-up after a failed write (the next write's recovery
    /// removes what is left).
    /// </summary>
    public static void BestEffort(Action change)
    {
        try
        {
            change();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Joins relative paths; the empty path is the volume directory.</summary>
    public static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;
}
