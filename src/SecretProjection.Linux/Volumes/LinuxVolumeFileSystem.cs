using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Volumes;

/// <summary>
/// The volume file-system port on a real Linux directory, through libc: <c>renameat(2)</c> to swap <c>..data</c>
/// (.NET's <c>File.Move</c> will not replace a link to a directory), modes set with <c>fchmod</c>/<c>fchmodat</c>
/// after creation so the umask does not matter, owners with <c>fchown</c>/<c>fchownat</c>.
/// </summary>
/// <remarks>
/// It never walks through a symbolic link: the directories of a path are opened one element at a time with
/// <c>O_NOFOLLOW|O_DIRECTORY</c> (a link or a file fails the open), and the last element is acted on relative to
/// that descriptor with the <c>*at</c> calls, which do not follow it either. A link someone planted in the
/// volume directory therefore cannot lead a write, read, chmod or removal outside it, even one planted between
/// two calls. During a write (<see cref="BeginWrite"/>) the opened directories are kept, so a file costs only
/// its own system calls; outside one they are closed after each call.
/// </remarks>
[SkipLocalsInit] // the stack buffers for names and directory entries are filled by the kernel before use
public sealed class LinuxVolumeFileSystem : IVolumeFileSystem
{
    private const int DirectoryBufferSize = 8192;
    private const int PathMax = 4096;
    private const int DirentLengthOffset = 16; // struct linux_dirent64: d_ino, d_off, d_reclen, d_type, d_name
    private const int DirentNameOffset = 19;

    private readonly string _root;
    private readonly int _rootPrefixBytes; // the volume directory and a slash, as an absolute path to a file starts
    private readonly Lock _gate = new();

    // Directories opened during a write, by relative path; closed when the outermost write scope ends.
    private readonly Dictionary<string, SafeFileHandle> _directories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SafeFileHandle>.AlternateLookup<ReadOnlySpan<char>> _keptDirectories;
    private int _writeScopes;

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

        _rootPrefixBytes = Encoding.UTF8.GetByteCount(VolumeDirectory) + 1;
        _keptDirectories = _directories.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The absolute path of the volume directory.</summary>
    public string VolumeDirectory => _root.Length == 0 ? "/" : _root;

    /// <inheritdoc/>
    public IDisposable? BeginWrite()
    {
        lock (_gate)
        {
            _writeScopes++;
        }

        return new WriteScope(this);
    }

    /// <inheritdoc/>
    public VolumeEntry? GetEntry(string path)
    {
        lock (_gate)
        {
            try
            {
                using var at = Locate(path);
                return NativeStat.Lstat(at.Directory, at.Name);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null; // a parent is missing or is a file, as lstat reports ENOENT or ENOTDIR
            }
        }
    }

    /// <inheritdoc/>
    public unsafe IReadOnlyList<string> List(string path)
    {
        lock (_gate)
        {
            // O_NOFOLLOW|O_DIRECTORY: a link or a file is refused by the open itself; getdents64 gives the names
            // without a stat each (which Directory.GetFileSystemEntries does for links).
            int fd;
            using (var at = Locate(path))
            {
                fd = Native.Openat(at.Directory, at.Name, Native.ORdOnly | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
            }

            if (fd == -1)
            {
                throw Marshal.GetLastPInvokeError() is Native.ENOENT ? Native.LastError("list", path) : new IOException($"list {path}: not a directory");
            }

            var names = new List<string>();
            try
            {
                Span<byte> buffer = stackalloc byte[DirectoryBufferSize];
                fixed (byte* pointer = buffer)
                {
                    nint read;
                    while ((read = Native.Getdents64(fd, pointer, (nuint)buffer.Length)) > 0)
                    {
                        for (var offset = 0; offset < read;)
                        {
                            var length = BinaryPrimitives.ReadUInt16LittleEndian(buffer[(offset + DirentLengthOffset)..]);
                            var name = buffer.Slice(offset + DirentNameOffset, length - DirentNameOffset);
                            name = name[..name.IndexOf((byte)0)];
                            if (name is not [(byte)'.'] and not [(byte)'.', (byte)'.'])
                            {
                                names.Add(Encoding.UTF8.GetString(name));
                            }

                            offset += length;
                        }
                    }

                    if (read == -1)
                    {
                        throw Native.LastError("list", path);
                    }
                }
            }
            finally
            {
                Native.Close(fd);
            }

            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <inheritdoc/>
    public byte[] ReadFile(string path)
    {
        SafeFileHandle handle;
        lock (_gate)
        {
            using var at = Locate(path);
            var fd = Native.Openat(at.Directory, at.Name, Native.ORdOnly | Native.ONoFollow | Native.OCloExec, 0);
            handle = fd == -1 ? throw Native.LastError("open", path) : new SafeFileHandle(fd, ownsHandle: true);
        }

        using (handle)
        {
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
    }

    /// <inheritdoc/>
    public void CreateDirectory(string path, int mode)
    {
        lock (_gate)
        {
            using var at = Locate(path);
            Native.Check(Native.Mkdirat(at.Directory, at.Name, (uint)mode), "mkdir", path);
            Native.Check(Native.Fchmodat(at.Directory, at.Name, (uint)mode, 0), "chmod", path);
        }
    }

    /// <inheritdoc/>
    public unsafe void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user)
    {
        lock (_gate)
        {
            int fd;
            using (var at = Locate(path))
            {
                fd = Native.Openat(at.Directory, at.Name, Native.OWrOnly | Native.OCreat | Native.OExcl | Native.ONoFollow | Native.OCloExec, (uint)mode);
            }

            if (fd == -1)
            {
                throw Native.LastError("open", path);
            }

            try
            {
                fixed (byte* pointer = data)
                {
                    for (var written = 0; written < data.Length;)
                    {
                        var n = Native.Write(fd, pointer + written, (nuint)(data.Length - written));
                        if (n == -1 && Marshal.GetLastPInvokeError() != Native.EINTR)
                        {
                            throw Native.LastError("write", path);
                        }

                        written += (int)Math.Max(n, 0);
                    }
                }

                // The umask filtered the mode given to open; fchmod sets it exactly.
                Native.Check(Native.Fchmod(fd, (uint)mode), "chmod", path);
                if (user is { } uid)
                {
                    Native.Check(Native.Fchown(fd, checked((uint)uid), uint.MaxValue), "chown", path);
                }
            }
            catch
            {
                Native.Close(fd);
                throw;
            }

            Native.Check(Native.Close(fd), "close", path);
        }
    }

    /// <inheritdoc/>
    public void CreateSymlink(string target, string path)
    {
        ArgumentNullException.ThrowIfNull(target);
        RefuseNul(target, "symlink");
        lock (_gate)
        {
            using var at = Locate(path);
            Native.Check(Native.Symlinkat(target, at.Directory, at.Name), "symlink", path);
        }
    }

    /// <inheritdoc/>
    public unsafe string? ReadLink(string path)
    {
        lock (_gate)
        {
            Span<byte> buffer = stackalloc byte[4097];
            nint length;
            try
            {
                using var at = Locate(path);
                fixed (byte* pointer = buffer)
                {
                    length = Native.Readlinkat(at.Directory, at.Name, pointer, buffer.Length);
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }

            if (length == -1)
            {
                return Marshal.GetLastPInvokeError() is Native.ENOENT or Native.ENOTDIR ? null : throw Native.LastError("readlink", path);
            }

            return Encoding.UTF8.GetString(buffer[..(int)length]);
        }
    }

    /// <inheritdoc/>
    public void Rename(string from, string to)
    {
        lock (_gate)
        {
            using var source = Locate(from);
            using var destination = Locate(to);
            Native.Check(Native.Renameat(source.Directory, source.Name, destination.Directory, destination.Name), "rename", from + " -> " + to);
            Forget(from);
            Forget(to);
        }
    }

    /// <inheritdoc/>
    public void Remove(string path)
    {
        lock (_gate)
        {
            // unlinkat never follows a link and refuses a directory with EISDIR: then it is AT_REMOVEDIR's. A
            // directory this write opened is known to be one (the generation being removed, say).
            using var at = Locate(path);
            var flags = _directories.ContainsKey(path) ? Native.AtRemoveDir : 0;
            if (Native.Unlinkat(at.Directory, at.Name, flags) == -1)
            {
                if (flags != 0 || Marshal.GetLastPInvokeError() != Native.EISDIR)
                {
                    throw Native.LastError("remove", path);
                }

                Native.Check(Native.Unlinkat(at.Directory, at.Name, Native.AtRemoveDir), "remove", path);
            }

            Forget(path);
        }
    }

    /// <inheritdoc/>
    public void SetMode(string path, int mode)
    {
        lock (_gate)
        {
            using var at = Locate(path);
            if (NativeStat.Lstat(at.Directory, at.Name) is { Kind: VolumeEntryKind.Symlink })
            {
                throw new IOException($"chmod {path}: refusing to change the mode through a symbolic link");
            }

            Native.Check(Native.Fchmodat(at.Directory, at.Name, (uint)mode, 0), "chmod", path);
        }
    }

    /// <inheritdoc/>
    public void SetOwner(string path, long? user, long? group)
    {
        lock (_gate)
        {
            using var at = Locate(path);
            Native.Check(Native.Fchownat(at.Directory, at.Name, Id(user), Id(group), Native.AtSymlinkNoFollow), "lchown", path);
        }
    }

    private static uint Id(long? id) => id is { } value ? checked((uint)value) : uint.MaxValue;

    /// <summary>
    /// The directory descriptor and name to act on for <paramref name="path"/>: a name in the volume directory
    /// is given by its absolute path (the volume directory itself is trusted); a deeper one relative to its
    /// directory, opened without following any link.
    /// </summary>
    /// <exception cref="IOException">An element is <c>..</c> or a link, or the path holds a NUL.</exception>
    /// <exception cref="FileNotFoundException">A directory of the path does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory of the path is a file.</exception>
    private Location Locate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RefuseNul(path, "lookup");
        RefuseOverPathMax(path);
        if (path.Length == 0)
        {
            return new Location(Native.AtFdCwd, VolumeDirectory, null);
        }

        if (!IsPlain(path))
        {
            var elements = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (elements.Contains(".."))
            {
                throw new IOException($"lookup {path}: '..' leaves the volume directory");
            }

            path = string.Join('/', elements.Where(e => e != "."));
        }

        var slash = path.LastIndexOf('/');
        if (slash < 0)
        {
            return new Location(Native.AtFdCwd, _root + "/" + path, null);
        }

        var (directory, transient) = OpenDirectory(path, path.AsSpan(0, slash));
        return new Location((int)directory.DangerousGetHandle(), path[(slash + 1)..], transient ? directory : null);
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

    /// <summary>
    /// Upstream names every file by its absolute path, which the kernel refuses at <c>PATH_MAX</c> (4096 bytes with
    /// its NUL) with ENAMETOOLONG. The <c>*at</c> calls here would reach deeper; refusing the same paths keeps
    /// the outcome upstream's, and keeps every file reachable by the absolute path a reader uses.
    /// </summary>
    private void RefuseOverPathMax(string path)
    {
        if (_rootPrefixBytes + Encoding.UTF8.GetByteCount(path) >= PathMax)
        {
            throw new IOException($"lookup {path}: file name too long");
        }
    }

    /// <summary>Whether no element of a path is empty, <c>.</c> or <c>..</c> (the writer's paths never are).</summary>
    private static bool IsPlain(string path)
    {
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                continue;
            }

            var element = path.AsSpan(start, i - start);
            if (element is "" or "." or "..")
            {
                return false;
            }

            start = i + 1;
        }

        return true;
    }

    /// <summary>Opens (or, during a write, finds) a directory of the volume, one element at a time.</summary>
    private (SafeFileHandle Handle, bool Transient) OpenDirectory(string path, ReadOnlySpan<char> directory)
    {
        if (_writeScopes > 0 && _keptDirectories.TryGetValue(directory, out var kept))
        {
            return (kept, false);
        }

        var slash = directory.LastIndexOf('/');
        SafeFileHandle? parent = null;
        var parentIsTransient = false;
        if (slash >= 0)
        {
            (parent, parentIsTransient) = OpenDirectory(path, directory[..slash]);
        }

        try
        {
            var parentFd = parent is null ? Native.AtFdCwd : (int)parent.DangerousGetHandle();
            var name = parent is null ? _root + "/" + directory.ToString() : directory[(slash + 1)..].ToString();
            var fd = Native.Openat(parentFd, name, Native.OPath | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
            if (fd == -1)
            {
                throw LookupError(path, Marshal.GetLastPInvokeError(), parentFd, name);
            }

            var handle = new SafeFileHandle(fd, ownsHandle: true);
            if (_writeScopes == 0)
            {
                return (handle, true);
            }

            _directories.Add(directory.ToString(), handle);
            return (handle, false);
        }
        finally
        {
            if (parentIsTransient)
            {
                parent!.Dispose();
            }
        }
    }

    private static IOException LookupError(string path, int errno, int parentFd, string name)
    {
        if (errno is Native.ENOTDIR or Native.ELOOP)
        {
            return NativeStat.Lstat(parentFd, name) is { Kind: VolumeEntryKind.Symlink }
                ? new IOException($"lookup {path}: refusing to follow a symbolic link")
                : new DirectoryNotFoundException($"lookup {path}: not a directory");
        }

        return errno == Native.ENOENT ? new FileNotFoundException($"lookup {path}: no such file or directory") : new IOException($"lookup {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>Closes the kept descriptors of a path that was removed or renamed, and of everything below it.</summary>
    private void Forget(string path)
    {
        if (_directories.Count == 0)
        {
            return;
        }

        List<string>? gone = null;
        foreach (var directory in _directories.Keys)
        {
            if (directory == path || (directory.Length > path.Length && directory[path.Length] == '/' && directory.StartsWith(path, StringComparison.Ordinal)))
            {
                (gone ??= []).Add(directory);
            }
        }

        foreach (var directory in gone ?? [])
        {
            _directories.Remove(directory, out var handle);
            handle!.Dispose();
        }
    }

    private void EndWrite()
    {
        lock (_gate)
        {
            if (--_writeScopes > 0)
            {
                return;
            }

            foreach (var handle in _directories.Values)
            {
                handle.Dispose();
            }

            _directories.Clear();
        }
    }

    /// <summary>Where to act: a directory descriptor (or <c>AT_FDCWD</c> with an absolute name) and a name.</summary>
    private readonly struct Location(int directory, string name, SafeFileHandle? transient) : IDisposable
    {
        public int Directory { get; } = directory;

        public string Name { get; } = name;

        public void Dispose() => transient?.Dispose();
    }

    private sealed class WriteScope(LinuxVolumeFileSystem fileSystem) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                fileSystem.EndWrite();
            }
        }
    }
}
