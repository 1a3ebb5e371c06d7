using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Volumes;

/// <summary>
/// The volume file-system port on a real Linux directory, through libc: <c>renameat(2)</c> to swap <c>..data</c>
/// (.NET's <c>File.Move</c> will not replace a link to a directory), modes set with <c>fchmod</c> after creation so
/// the umask does not matter, owners with <c>fchown</c>.
/// </summary>
/// <remarks>
/// <para>
/// It holds the volume directory by descriptor from construction to <see cref="Dispose"/>: every operation is
/// relative to that descriptor, so a volume directory renamed, or swapped for a link, by someone who can write into
/// its parent never redirects a write; the writer goes on in the directory it opened. Below it, it never walks
/// through a symbolic link: the directories of a path are opened one element at a time with
/// <c>O_NOFOLLOW|O_DIRECTORY</c> (a link or a file fails the open), and the last element is acted on relative to
/// that descriptor with the <c>*at</c> calls, which do not follow it either. During a write
/// (<see cref="BeginWrite"/>) the opened directories are kept, so a file costs only its own system calls.
/// </para>
/// <para>
/// A mode or owner change of a name that is not a directory the backend holds is made on a descriptor opened
/// <c>O_PATH|O_NOFOLLOW</c> and checked first, never by name after a check: a link is never changed through (and
/// never given a mode), and a regular file with more than one hard link is refused, since it is also a file
/// somewhere else.
/// </para>
/// <para>
/// A write takes an exclusive <c>flock(2)</c> on the volume directory for its whole length, so writers in other
/// processes (a node agent and a hand-run <c>project</c>) take turns. It refuses to start when others can write
/// to the volume directory (group- or other-writable, or owned by a user other than root and this process),
/// unless <see cref="LinuxVolumeOptions.AllowSharedDirectory"/> says otherwise: whoever can write there can plant
/// the names that readers follow.
/// </para>
/// </remarks>
[SkipLocalsInit] // the stack buffers for names and directory entries are filled by the kernel before use
public sealed class LinuxVolumeFileSystem : IVolumeFileSystem, IDisposable
{
    private const int DirectoryBufferSize = 8192;
    private const int PathMax = 4096;
    private const int DirentLengthOffset = 16; // struct linux_dirent64: d_ino, d_off, d_reclen, d_type, d_name
    private const int DirentNameOffset = 19;
    private const int OthersMayWrite = 0x12; // 0022: group or other write

    private readonly string _root;
    private readonly int _rootPrefixBytes; // the volume directory and a slash, as an absolute path to a file starts
    private readonly SafeFileHandle _volume;
    private readonly LinuxVolumeOptions _options;
    private readonly Lock _gate = new();

    // Directories opened during a write, by relative path; closed when the outermost write scope ends, and the table
    // made for that write dropped with them: between writes (most of a node agent's volumes, most of the time) the
    // volume holds its own descriptor and nothing more.
    private Dictionary<string, SafeFileHandle>? _directories;
    private Dictionary<string, SafeFileHandle>.AlternateLookup<ReadOnlySpan<char>> _keptDirectories;
    private int _writeScopes;

    /// <summary>Opens an existing volume directory and holds it until <see cref="Dispose"/>.</summary>
    /// <param name="volumeDirectory">The directory (absolute or relative to the current directory).</param>
    /// <param name="options">The options; the defaults when <see langword="null"/>.</param>
    /// <exception cref="DirectoryNotFoundException">
    /// It does not exist or is not a directory; a symbolic link (even to a directory) is refused too, as every
    /// write would go wherever it points.
    /// </exception>
    /// <exception cref="IOException">It cannot be opened (no permission to read it, say).</exception>
    public LinuxVolumeFileSystem(string volumeDirectory, LinuxVolumeOptions? options = null)
        : this(FullPath(volumeDirectory), options ?? new LinuxVolumeOptions())
    {
    }

    /// <summary>Takes over <paramref name="volume"/>, a descriptor of the volume directory opened <c>O_RDONLY|O_DIRECTORY</c>.</summary>
    internal LinuxVolumeFileSystem(SafeFileHandle volume, string fullPath, LinuxVolumeOptions options)
    {
        _root = fullPath;
        _volume = volume;
        _options = options;
        _rootPrefixBytes = Encoding.UTF8.GetByteCount(VolumeDirectory) + 1;
    }

    private LinuxVolumeFileSystem((string Path, string Display) volume, LinuxVolumeOptions options)
        : this(OpenVolumeDirectory(Native.AtFdCwd, volume.Display, volume.Display), volume.Path, options)
    {
    }

    /// <summary>The absolute path of the volume directory, as it was opened (messages name it).</summary>
    public string VolumeDirectory => _root.Length == 0 ? "/" : _root;

    /// <summary>Closes the volume directory; later calls fail.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            CloseKeptDirectories();
            _volume.Dispose();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">Others can write to the volume directory (see <see cref="LinuxVolumeOptions.AllowSharedDirectory"/>).</exception>
    public IDisposable? BeginWrite()
    {
        lock (_gate)
        {
            if (_writeScopes == 0)
            {
                Native.Check(Native.FlockRetrying(Fd, Native.LockExclusive), "flock", VolumeDirectory);
                try
                {
                    RefuseSharedDirectory();
                }
                catch
                {
                    Native.FlockRetrying(Fd, Native.Unlock);
                    throw;
                }

                _directories ??= new(StringComparer.Ordinal);
                _keptDirectories = _directories.GetAlternateLookup<ReadOnlySpan<char>>();
            }

            _writeScopes++;
        }

        return new WriteScope(this);
    }

    /// <inheritdoc/>
    public VolumeEntry? GetEntry(string path)
    {
        lock (_gate)
        {
            if (path is { Length: 0 })
            {
                return NativeStat.Fstat(Fd).Entry;
            }

            try
            {
                using var at = Locate(path);
                return at.Name.Length == 0 ? NativeStat.Fstat(at.Directory).Entry : NativeStat.Lstat(at.Directory, at.Name);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null; // a parent is missing or is a file, as lstat reports ENOENT or ENOTDIR
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> List(string path)
    {
        lock (_gate)
        {
            // A directory held open is read again from its start; any other is opened O_NOFOLLOW|O_DIRECTORY, so a
            // link or a file is refused by the open itself. getdents64 gives the names without a stat each.
            if (path is { Length: 0 })
            {
                return ListFrom(Fd, rewind: true, path);
            }

            if (_writeScopes > 0 && _keptDirectories.TryGetValue(path, out var kept))
            {
                return ListFrom((int)kept.DangerousGetHandle(), rewind: true, path);
            }

            int fd;
            using (var at = Locate(path))
            {
                fd = Native.Openat(at.Directory, at.Name, Native.ORdOnly | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
            }

            if (fd == -1)
            {
                throw Marshal.GetLastPInvokeError() is Native.ENOENT ? Native.LastError("list", path) : new IOException($"list {path}: not a directory");
            }

            try
            {
                return ListFrom(fd, rewind: false, path);
            }
            finally
            {
                Native.Close(fd);
            }
        }
    }

    /// <inheritdoc/>
    public unsafe byte[] ReadFile(string path)
    {
        int fd;
        lock (_gate)
        {
            // O_NONBLOCK: a fifo planted under the name must not hang the write; only a regular file is read.
            using var at = Locate(path);
            fd = Native.Openat(at.Directory, at.Name, Native.ORdOnly | Native.ONoFollow | Native.ONonBlock | Native.OCloExec, 0);
        }

        if (fd == -1)
        {
            throw Native.LastError("open", path);
        }

        try
        {
            var entry = NativeStat.Fstat(fd).Entry;
            if (entry.Kind != VolumeEntryKind.File)
            {
                throw new IOException($"read {path}: not a regular file");
            }

            // pread at explicit offsets: no lseek, and the size from the stat of the descriptor it reads.
            var data = new byte[entry.Size];
            var read = 0;
            fixed (byte* pointer = data)
            {
                while (read < data.Length)
                {
                    var n = Native.Pread(fd, pointer + read, (nuint)(data.Length - read), read);
                    if (n == -1 && Marshal.GetLastPInvokeError() != Native.EINTR)
                    {
                        throw Native.LastError("read", path);
                    }

                    if (n == 0)
                    {
                        return data[..read];
                    }

                    read += (int)Math.Max(n, 0);
                }
            }

            return data;
        }
        finally
        {
            Native.Close(fd);
        }
    }

    /// <inheritdoc/>
    public void CreateDirectory(string path, int mode)
    {
        lock (_gate)
        {
            using var at = Locate(path);
            Native.Check(Native.Mkdirat(at.Directory, at.Name, (uint)mode), "mkdir", path);

            // The mode is set on the directory just made, held by descriptor (a name swapped in meanwhile is refused
            // by O_NOFOLLOW|O_DIRECTORY); during a write the descriptor is kept for what is written into it.
            var fd = Native.Openat(at.Directory, at.Name, Native.ORdOnly | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
            if (fd == -1)
            {
                throw Native.LastError("open", path);
            }

            var handle = new SafeFileHandle(fd, ownsHandle: true);
            try
            {
                Native.Check(Native.Fchmod(fd, (uint)mode), "chmod", path);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            if (_writeScopes > 0 && at.Path.Length > 0)
            {
                Forget(at.Path);
                _directories!.Add(at.Path, handle);
            }
            else
            {
                handle.Dispose();
            }
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
                if (at.Name.Length == 0)
                {
                    throw new IOException($"readlink {path}: the volume directory is not a link");
                }

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
            RefuseVolumeDirectory(source, "rename", from);
            RefuseVolumeDirectory(destination, "rename", to);
            Native.Check(Native.Renameat(source.Directory, source.Name, destination.Directory, destination.Name), "rename", from + " -> " + to);
            Forget(source.Path);
            Forget(destination.Path);
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
            RefuseVolumeDirectory(at, "remove", path);
            var flags = _directories?.ContainsKey(at.Path) == true ? Native.AtRemoveDir : 0;
            if (Native.Unlinkat(at.Directory, at.Name, flags) == -1)
            {
                if (flags != 0 || Marshal.GetLastPInvokeError() != Native.EISDIR)
                {
                    throw Native.LastError("remove", path);
                }

                Native.Check(Native.Unlinkat(at.Directory, at.Name, Native.AtRemoveDir), "remove", path);
            }

            Forget(at.Path);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The name is a link, or a regular file with other hard links; or the change was refused.</exception>
    public void SetMode(string path, int mode)
    {
        lock (_gate)
        {
            if (HeldDirectory(path) is { } directory)
            {
                Native.Check(Native.Fchmod(directory, (uint)mode), "chmod", path);
                return;
            }

            using var at = Locate(path);
            using var target = OpenChecked(at, path, "chmod");
            if (target.Entry.Kind == VolumeEntryKind.Symlink)
            {
                throw new IOException($"chmod {path}: refusing to change the mode through a symbolic link");
            }

            var fd = (int)target.Handle.DangerousGetHandle();
            if (Native.Fchmodat2(fd, string.Empty, (uint)mode, (uint)Native.AtEmptyPath) == -1)
            {
                if (Marshal.GetLastPInvokeError() is not (Native.ENOSYS or Native.EINVAL or Native.EOPNOTSUPP))
                {
                    throw Native.LastError("chmod", path);
                }

                // Before Linux 6.6: the descriptor's own entry in /proc names exactly the inode that was checked.
                Native.Check(Native.Fchmodat(Native.AtFdCwd, ProcPath(fd), (uint)mode, 0), "chmod", path);
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The name is a regular file with other hard links; or the change was refused.</exception>
    public void SetOwner(string path, long? user, long? group)
    {
        lock (_gate)
        {
            if (HeldDirectory(path) is { } directory)
            {
                Native.Check(Native.Fchown(directory, Id(user), Id(group)), "lchown", path);
                return;
            }

            using var at = Locate(path);
            using var target = OpenChecked(at, path, "lchown");
            Native.Check(Native.Fchownat((int)target.Handle.DangerousGetHandle(), string.Empty, Id(user), Id(group), Native.AtEmptyPath), "lchown", path);
        }
    }

    /// <summary>
    /// Opens a directory below the volume directory for the caller to hold, as a volume directory is held: each
    /// directory of the path one element at a time, the last one too, never through a link.
    /// </summary>
    /// <param name="path">The directory, relative to the volume directory.</param>
    /// <returns>Its descriptor, opened <c>O_RDONLY|O_DIRECTORY</c>; the caller disposes it.</returns>
    /// <exception cref="IOException">An element is a link or not a directory, or it cannot be opened.</exception>
    internal SafeFileHandle OpenDirectoryBelow(string path)
    {
        lock (_gate)
        {
            using var at = Locate(path);
            return OpenVolumeDirectory(at.Directory, at.Name, VolumeDirectory.TrimEnd('/') + "/" + path);
        }
    }

    /// <summary>
    /// Opens <paramref name="directory"/> (a name relative to <paramref name="parent"/>, or a path) as a volume
    /// directory: <c>O_RDONLY|O_DIRECTORY|O_NOFOLLOW</c>, so that a link in its place is refused.
    /// </summary>
    internal static SafeFileHandle OpenVolumeDirectory(int parent, string directory, string fullPath)
    {
        var fd = Native.Openat(parent, directory, Native.ORdOnly | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
        if (fd != -1)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        throw errno switch
        {
            Native.ENOENT => new DirectoryNotFoundException($"{fullPath}: no such directory"),
            Native.ELOOP or Native.ENOTDIR when NativeStat.Lstat(parent, directory) is { Kind: VolumeEntryKind.Symlink } =>
                new DirectoryNotFoundException($"{fullPath}: is a symbolic link, not a directory; refusing to follow it"),
            Native.ENOTDIR => new DirectoryNotFoundException($"{fullPath}: not a directory"),
            _ => new IOException($"open {fullPath}: {Marshal.GetPInvokeErrorMessage(errno)}", errno),
        };
    }

    private int Fd => (int)_volume.DangerousGetHandle();

    private static (string Path, string Display) FullPath(string volumeDirectory)
    {
        ArgumentNullException.ThrowIfNull(volumeDirectory);
        var full = Path.GetFullPath(volumeDirectory).TrimEnd('/');
        return (full, full.Length == 0 ? "/" : full);
    }

    private static uint Id(long? id) => id is { } value ? checked((uint)value) : uint.MaxValue;

    private static string ProcPath(int fd) => "/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether others can write to the volume directory, which makes every write refuse to start.</summary>
    private void RefuseSharedDirectory()
    {
        if (_options.AllowSharedDirectory)
        {
            return;
        }

        var entry = NativeStat.Fstat(Fd).Entry;
        var owner = entry.User;
        if ((entry.Mode & OthersMayWrite) != 0 || (owner != 0 && owner != Native.Geteuid()))
        {
            throw new IOException(string.Create(
                CultureInfo.InvariantCulture,
                $"{VolumeDirectory}: refusing to write: others can write to the volume directory (mode {Convert.ToString(entry.Mode, 8).PadLeft(4, '0')}, owner {owner}), and could plant the names that readers follow; make it writable by its owner only (chmod go-w), or allow a shared volume directory explicitly"));
        }
    }

    /// <summary>A directory the backend holds for <paramref name="path"/> (the volume directory, or one kept during a write).</summary>
    private int? HeldDirectory(string path) =>
        path.Length == 0 ? Fd
        : _writeScopes > 0 && _keptDirectories.TryGetValue(path, out var kept) ? (int)kept.DangerousGetHandle()
        : null;

    /// <summary>
    /// <c>O_PATH|O_NOFOLLOW</c> on the name itself, then a stat of that descriptor: what is changed next is what was
    /// checked. A regular file with other hard links is refused (the same inode is also outside, maybe).
    /// </summary>
    private static CheckedTarget OpenChecked(Location at, string path, string operation)
    {
        if (at.Name.Length == 0)
        {
            throw new IOException($"{operation} {path}: not a name in the volume");
        }

        var fd = Native.Openat(at.Directory, at.Name, Native.OPath | Native.ONoFollow | Native.OCloExec, 0);
        if (fd == -1)
        {
            throw Native.LastError(operation, path);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var native = NativeStat.Fstat(fd);
            if (native.Entry.Kind == VolumeEntryKind.File && native.Links > 1)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"{operation} {path}: refusing to change a file that has {native.Links} hard links"));
            }

            return new CheckedTarget(handle, native.Entry);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void RefuseVolumeDirectory(Location at, string operation, string path)
    {
        if (at.Name.Length == 0)
        {
            throw new IOException($"{operation} {path}: is the volume directory");
        }
    }

    private static unsafe List<string> ListFrom(int fd, bool rewind, string path)
    {
        if (rewind && Native.Lseek(fd, 0, Native.SeekSet) == -1)
        {
            throw Native.LastError("list", path);
        }

        var names = new List<string>();
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

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// The directory descriptor and name to act on for <paramref name="path"/>: a name in the volume directory
    /// relative to the volume directory's descriptor; a deeper one relative to its directory, opened without
    /// following any link. The volume directory itself is the empty name.
    /// </summary>
    /// <exception cref="IOException">An element is <c>..</c> or a link, or the path holds a NUL.</exception>
    /// <exception cref="FileNotFoundException">A directory of the path does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory of the path is a file.</exception>
    private Location Locate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RefuseNul(path, "lookup");
        RefuseOverPathMax(path);
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
            return new Location(Fd, path, path, null);
        }

        var (directory, transient) = OpenDirectory(path, path.AsSpan(0, slash));
        return new Location((int)directory.DangerousGetHandle(), path[(slash + 1)..], path, transient ? directory : null);
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
        if (path.Length == 0)
        {
            return true;
        }

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
            var parentFd = parent is null ? Fd : (int)parent.DangerousGetHandle();
            var name = directory[(slash + 1)..].ToString();

            // Read access, so that a kept directory can be listed and its mode and owner changed through it; a
            // directory that may be searched but not read is held with O_PATH instead.
            var fd = Native.Openat(parentFd, name, Native.ORdOnly | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
            if (fd == -1 && Marshal.GetLastPInvokeError() == Native.EACCES)
            {
                fd = Native.Openat(parentFd, name, Native.OPath | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
            }

            if (fd == -1)
            {
                throw LookupError(path, Marshal.GetLastPInvokeError(), parentFd, name);
            }

            var handle = new SafeFileHandle(fd, ownsHandle: true);
            if (_writeScopes == 0)
            {
                return (handle, true);
            }

            _directories!.Add(directory.ToString(), handle);
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
        if (_directories is not { Count: > 0 })
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

    private void CloseKeptDirectories()
    {
        if (_directories is null)
        {
            return;
        }

        foreach (var handle in _directories.Values)
        {
            handle.Dispose();
        }

        _directories.Clear();
    }

    private void EndWrite()
    {
        lock (_gate)
        {
            if (--_writeScopes > 0)
            {
                return;
            }

            CloseKeptDirectories();
            (_directories, _keptDirectories) = (null, default);
            Native.FlockRetrying(Fd, Native.Unlock);
        }
    }

    /// <summary>Where to act: a directory descriptor and a name in it (empty: the directory itself), and the clean relative path.</summary>
    private readonly struct Location(int directory, string name, string path, SafeFileHandle? transient) : IDisposable
    {
        public int Directory { get; } = directory;

        public string Name { get; } = name;

        public string Path { get; } = path;

        public void Dispose() => transient?.Dispose();
    }

    /// <summary>A name opened <c>O_PATH|O_NOFOLLOW</c>, and what its descriptor's stat said.</summary>
    private readonly struct CheckedTarget(SafeFileHandle handle, VolumeEntry entry) : IDisposable
    {
        public SafeFileHandle Handle { get; } = handle;

        public VolumeEntry Entry { get; } = entry;

        public void Dispose() => Handle.Dispose();
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
