namespace SecretProjection.Writing;

/// <summary>
/// The file-system operations the atomic writer needs, rooted at one volume directory. Paths are relative to
/// that directory and use <c>/</c>. No operation walks through a symbolic link: a link before the last element
/// is an error, and a link in the last element is acted on itself, never followed. The writer resolves
/// <c>..data</c> itself, so a link planted in the volume cannot lead it outside.
/// </summary>
/// <remarks>
/// Missing names are reported as <see langword="null"/> by the queries (<see cref="GetEntry"/>,
/// <see cref="ReadLink"/>); every other failure is an <see cref="IOException"/>.
/// </remarks>
public interface IVolumeFileSystem
{
    /// <summary>The <c>lstat(2)</c> of a name.</summary>
    /// <param name="path">The relative path.</param>
    /// <returns>The entry, or <see langword="null"/> when nothing has that name.</returns>
    VolumeEntry? GetEntry(string path);

    /// <summary>The names in a directory (without <c>.</c> and <c>..</c>), in ordinal order.</summary>
    /// <param name="path">The relative directory path; empty for the volume directory.</param>
    /// <returns>The names.</returns>
    IReadOnlyList<string> List(string path);

    /// <summary>Reads a regular file.</summary>
    /// <param name="path">The relative path.</param>
    /// <returns>The bytes.</returns>
    byte[] ReadFile(string path);

    /// <summary>Creates a directory with exactly <paramref name="mode"/>, whatever the umask.</summary>
    /// <param name="path">The relative path; the parent exists and the name does not.</param>
    /// <param name="mode">The permission bits.</param>
    void CreateDirectory(string path, int mode);

    /// <summary>Creates a new regular file with exactly <paramref name="mode"/> and, when given, owner.</summary>
    /// <param name="path">The relative path; the parent exists and the name does not.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="mode">The permission bits, set whatever the umask.</param>
    /// <param name="user">The owning user id, or <see langword="null"/> to keep the writer's.</param>
    void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user);

    /// <summary>Creates a symbolic link.</summary>
    /// <param name="target">What the link points to, stored as given (relative to the link's directory).</param>
    /// <param name="path">The relative path of the new link.</param>
    void CreateSymlink(string target, string path);

    /// <summary>Reads a symbolic link.</summary>
    /// <param name="path">The relative path.</param>
    /// <returns>The stored target, or <see langword="null"/> when nothing has that name.</returns>
    /// <exception cref="IOException">The name exists and is not a link.</exception>
    string? ReadLink(string path);

    /// <summary><c>rename(2)</c>: atomically replaces <paramref name="to"/> (a file or a link, even a link to a directory).</summary>
    /// <param name="from">The relative source path.</param>
    /// <param name="to">The relative destination path.</param>
    void Rename(string from, string to);

    /// <summary>Removes a file, a link (not its target) or an empty directory.</summary>
    /// <param name="path">The relative path.</param>
    void Remove(string path);

    /// <summary>Sets permission bits (0..07777) of a file or directory; never used on links.</summary>
    /// <param name="path">The relative path.</param>
    /// <param name="mode">The bits.</param>
    void SetMode(string path, int mode);

    /// <summary>
    /// Marks the start of one write: the writer calls it under its lock and disposes the result when the write
    /// ends. Until then the backend may keep what it has resolved (directories it opened, say) instead of
    /// resolving every path again, since nothing but the writer is meant to change the volume meanwhile; it
    /// must still never walk through a link. Default: no scope, nothing kept.
    /// </summary>
    /// <returns>The scope to dispose, or <see langword="null"/>.</returns>
    IDisposable? BeginWrite() => null;

    /// <summary><c>lchown(2)</c>: sets the owners of a name without following a link.</summary>
    /// <param name="path">The relative path.</param>
    /// <param name="user">The user id, or <see langword="null"/> to keep it.</param>
    /// <param name="group">The group id, or <see langword="null"/> to keep it.</param>
    void SetOwner(string path, long? user, long? group);
}
