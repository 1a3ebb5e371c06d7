using System.Text;
using Microsoft.Win32.SafeHandles;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Volumes;

/// <summary>
/// The volume file-system port on a real Linux directory, through libc: <c>rename(2)</c> to swap <c>..data</c>
/// (.NET's <c>File.Move</c> will not replace a link to a directory), modes set with <c>fchmod</c>/<c>chmod</c>
/// after creation so the umask does not matter, owners with <c>fchown</c>/<c>lchown</c>.
/// </summary>
/// <remarks>
/// It never walks through a symbolic link: every element of a path but the last must be a real directory
/// (checked with <c>lstat</c>), and files are opened with <c>O_NOFOLLOW</c>. A link someone planted in the
/// volume directory therefore cannot lead a write, read, chmod or removal outside it.
/// </remarks>
public sealed class LinuxVolumeFileSystem : IVolumeFileSystem
{
    /// <summary>Parent paths with this many slashes or more are checked for links with one openat2(2).</summary>
    private const int ShallowDepth = 8;

    private readonly string _root;

    /// <summary>Creates the backend for an existing volume directory.</summary>
    /// <param name="volumeDirectory">The directory (absolute or relative to the current directory).</param>
    /// <exception cref="DirectoryNotFoundException">
    /// It does not exist or is not a directory; a symbolic link (even to a directory) is refused too, as every
    /// write would go wherever it points.
    /// </exception>
    public LinuxVolumeFileSystem(string volumeDirectory)
    {
        ArgumentNullException.ThrowIfNull(volumeDirectory);
        _root = Path.GetFullPath(volumeDirectory).TrimEnd('/');
        var entry = NativeStat.Lstat(VolumeDirectory);
        if (entry is { Kind: VolumeEntryKind.Symlink })
        {
            throw new DirectoryNotFoundException($"{volumeDirectory}: is a symbolic link, not a directory; refusing to follow it");
        }

        if (entry is not { Kind: VolumeEntryKind.Directory })
        {
            throw new DirectoryNotFoundException($"{volumeDirectory}: no such directory");
        }
    }

    /// <summary>The absolute path of the volume directory.</summary>
    public string VolumeDirectory => _root.Length == 0 ? "/" : _root;

    /// <inheritdoc/>
    public VolumeEntry? GetEntry(string path) => NativeStat.Lstat(Full(path));

    /// <inheritdoc/>
    public IReadOnlyList<string> List(string path)
    {
        var full = Full(path);
        if (NativeStat.Lstat(full) is not { Kind: VolumeEntryKind.Directory })
        {
            throw new IOException($"list {path}: not a directory");
        }

        var names = Directory.GetFileSystemEntries(full).Select(e => Path.GetFileName(e)).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc/>
    public byte[] ReadFile(string path)
    {
        using var handle = Open(path, Native.ORdOnly, 0);
        var data = new byte[RandomAccess.GetLength(handle)];
        var read = 0;
        while (read < data.Length)
        {
            var n = RandomAccess.Read(handle, data.AsSpan(read), read);
            if (n == 0)
            {
                return data[..read];
            }

            read += n;
        }

        return data;
    }

    /// <inheritdoc/>
    public void CreateDirectory(string path, int mode)
    {
        var full = Full(path);
        Native.Check(Native.Mkdir(full, (uint)mode), "mkdir", path);
        Native.Check(Native.Chmod(full, (uint)mode), "chmod", path);
    }

    /// <inheritdoc/>
    public void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user)
    {
        using var handle = Open(path, Native.OWrOnly | Native.OCreat | Native.OExcl, (uint)mode);
        RandomAccess.Write(handle, data, 0);
        var fd = (int)handle.DangerousGetHandle();
        Native.Check(Native.Fchmod(fd, (uint)mode), "chmod", path);
        if (user is { } uid)
        {
            Native.Check(Native.Fchown(fd, checked((uint)uid), uint.MaxValue), "chown", path);
        }
    }

    /// <inheritdoc/>
    public void CreateSymlink(string target, string path)
    {
        ArgumentNullException.ThrowIfNull(target);
        RefuseNul(target, "symlink");
        Native.Check(Native.Symlink(target, Full(path)), "symlink", path);
    }

    /// <inheritdoc/>
    public unsafe string? ReadLink(string path)
    {
        var full = Full(path);
        Span<byte> buffer = stackalloc byte[4097];
        fixed (byte* pointer = buffer)
        {
            var length = Native.Readlink(full, pointer, buffer.Length);
            if (length == -1)
            {
                return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is Native.ENOENT or Native.ENOTDIR
                    ? null
                    : throw Native.LastError("readlink", path);
            }

            return Encoding.UTF8.GetString(buffer[..(int)length]);
        }
    }

    /// <inheritdoc/>
    public void Rename(string from, string to) => Native.Check(Native.Rename(Full(from), Full(to)), "rename", from + " -> " + to);

    /// <inheritdoc/>
    public void Remove(string path)
    {
        var full = Full(path);
        var entry = NativeStat.Lstat(full) ?? throw new FileNotFoundException($"remove {path}: no such file or directory");
        Native.Check(entry.Kind == VolumeEntryKind.Directory ? Native.Rmdir(full) : Native.Unlink(full), "remove", path);
    }

    /// <inheritdoc/>
    public void SetMode(string path, int mode)
    {
        var full = Full(path);
        if (NativeStat.Lstat(full) is { Kind: VolumeEntryKind.Symlink })
        {
            throw new IOException($"chmod {path}: refusing to change the mode through a symbolic link");
        }

        Native.Check(Native.Chmod(full, (uint)mode), "chmod", path);
    }

    /// <inheritdoc/>
    public void SetOwner(string path, long? user, long? group) =>
        Native.Check(Native.Lchown(Full(path), Id(user), Id(group)), "lchown", path);

    private static uint Id(long? id) => id is { } value ? checked((uint)value) : uint.MaxValue;

    private SafeFileHandle Open(string path, int flags, uint mode)
    {
        var fd = Native.Open(Full(path), flags | Native.ONoFollow | Native.OCloExec, mode);
        return fd == -1 ? throw Native.LastError("open", path) : new SafeFileHandle(fd, ownsHandle: true);
    }

    // Without allocating: Full runs for every operation, and a hostile path can have thousands of elements.
    private static bool HasDotDotElement(string path)
    {
        foreach (var element in path.AsSpan().Split('/'))
        {
            if (path.AsSpan()[element] is "..")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an element of <c>path[..parent]</c> is a symbolic link.</summary>
    /// <remarks>
    /// An lstat(2) per element costs a lookup of every element before it: fine for a few, but cubic over the
    /// thousands of directories a hostile items path can nest within PATH_MAX (each of them created, walked and
    /// removed). Deeper paths are checked with one openat2(2) that refuses links (RESOLVE_NO_SYMLINKS), where
    /// the kernel offers it.
    /// </remarks>
    private bool HasLinkBefore(string path, int parent)
    {
        if (path.AsSpan(0, parent).Count('/') >= ShallowDepth)
        {
            switch (Native.ResolvesWithoutLinks(VolumeDirectory, path[..parent]))
            {
                case true:
                    return false;
                case false:
                    return true;
            }
        }

        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0 && slash <= parent; slash = path.IndexOf('/', slash + 1))
        {
            if (NativeStat.Lstat(_root + "/" + path[..slash]) is { Kind: VolumeEntryKind.Symlink })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// C strings end at a NUL: a path holding one would silently name another file (<c>x\0y</c> is <c>x</c>).
    /// Go's system calls, which upstream's writer uses, fail with EINVAL instead; so does this backend.
    /// </summary>
    private static void RefuseNul(string path, string operation)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new IOException($"{operation} {path}: invalid argument: a path cannot contain NUL");
        }
    }

    /// <summary>The absolute path, after checking that it holds no NUL and that no element but the last is a link or <c>..</c>.</summary>
    private string Full(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RefuseNul(path, "lookup");
        if (path.Length == 0)
        {
            return VolumeDirectory;
        }

        if (HasDotDotElement(path))
        {
            throw new IOException($"lookup {path}: '..' leaves the volume directory");
        }

        var parent = path.LastIndexOf('/');
        if (parent > 0 && HasLinkBefore(path, parent))
        {
            throw new IOException($"lookup {path}: refusing to follow a symbolic link");
        }

        return _root + "/" + path;
    }
}
