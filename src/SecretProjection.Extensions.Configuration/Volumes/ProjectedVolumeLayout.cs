namespace SecretProjection.Extensions.Configuration.Volumes;

/// <summary>
/// The kubelet's layout of a projected volume: generation directories <c>..&lt;timestamp&gt;</c>, the
/// <c>..data</c> link to the current one (swapped by renaming <c>..data_tmp</c>), and visible links
/// <c>name -&gt; ..data/name</c>.
/// </summary>
internal static class ProjectedVolumeLayout
{
    /// <summary>The link whose target names the current generation.</summary>
    internal const string DataLinkName = "..data";

    /// <summary>The writer's own entries all start with two dots; payload names never do (API validation).</summary>
    internal static bool IsWriterEntry(string name) => name.StartsWith("..", StringComparison.Ordinal);

    /// <summary>
    /// The target of <c>..data</c> as written (a generation directory name), or <see langword="null"/>
    /// when there is no such link (a plain directory, or one not projected yet).
    /// </summary>
    internal static string? ResolveGeneration(string directory)
    {
        try
        {
            return new FileInfo(Path.Combine(directory, DataLinkName)).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
