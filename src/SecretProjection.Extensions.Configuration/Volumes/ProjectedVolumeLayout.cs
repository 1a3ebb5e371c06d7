using System.IO.Abstractions;

namespace SecretProjection.Extensions.Configuration.Volumes;

/// <summary>
/// The kubelet's layout of a projected volume: generation directories <c>..&lt;timestamp&gt;</c>, the
/// <c>..data</c> link to the current one (swapped by renaming <c>..data_tmp</c>), and visible links
/// <c>name -&gt; ..data/name</c>.
/// </summary>
/// <remarks>
/// The reader's side of upstream's <c>atomic_writer.go</c> layout, which the core's writer
/// (<c>SecretProjection.Writing.VolumeLayout</c>) follows too. This package does not reference the core, so that an
/// application reading a volume does not take in the kubelet library and its dependencies; a test holds the two
/// to the same names.
/// </remarks>
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
    internal static string? ResolveGeneration(IFileSystem fileSystem, string directory)
    {
        try
        {
            return fileSystem.FileInfo.New(fileSystem.Path.Combine(directory, DataLinkName)).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
