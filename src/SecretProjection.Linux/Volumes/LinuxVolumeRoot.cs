using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SecretProjection.Linux.Volumes;

/// <summary>
/// A directory that holds volume directories, one per volume name (<c>DIR/&lt;volume&gt;/</c>, as the kubelet's
/// <c>pods/&lt;uid&gt;/volumes/kubernetes.io~secret/</c>): creates them with exact modes whatever the umask, mounts
/// a tmpfs on each when asked, and opens each for the writer, all through descriptors held from the first open.
/// </summary>
/// <remarks>
/// The root is opened once (links in the path given are followed: it is the caller's choice); each volume
/// directory is then created and opened relative to it with <c>O_NOFOLLOW</c>, mounted on by descriptor, and
/// handed to <see cref="LinuxVolumeFileSystem"/> as a descriptor. Someone who can write into the root can
/// rename a volume directory or put a link in its place; a write then either fails to open it or goes on in the
/// directory it opened, never anywhere else. <see cref="TearDown"/> undoes what this instance did to a volume,
/// as the kubelet tears a volume down when its setup fails.
/// </remarks>
public sealed class LinuxVolumeRoot : IDisposable
{
    private const int DirectoryMode = 0x1ED; // 0755

    private readonly SafeFileHandle _root;
    private readonly LinuxVolumeRootOptions _options;
    private readonly Dictionary<string, Made> _made = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Opens <paramref name="path"/>, creating it and its missing parents with mode 0755 (whatever the umask).</summary>
    /// <param name="path">The directory.</param>
    /// <param name="options">Whether to mount tmpfs, and the volume directories' options; the defaults when <see langword="null"/>.</param>
    /// <exception cref="IOException">It cannot be created or opened.</exception>
    public LinuxVolumeRoot(string path, LinuxVolumeRootOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _options = options ?? new LinuxVolumeRootOptions();
        FullPath = Path.GetFullPath(path).TrimEnd('/') is { Length: > 0 } full ? full : "/";
        CreateMissing(FullPath);
        var fd = Native.Openat(Native.AtFdCwd, FullPath, Native.ORdOnly | Native.ODirectory | Native.OCloExec, 0);
        _root = fd == -1 ? throw Native.LastError("open", FullPath) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Takes over <paramref name="root"/>, a descriptor of the directory opened <c>O_RDONLY|O_DIRECTORY</c> (the node agent's plugin directory, reached without following a link).</summary>
    internal LinuxVolumeRoot(SafeFileHandle root, string fullPath, LinuxVolumeRootOptions options)
    {
        _root = root;
        _options = options;
        FullPath = fullPath;
    }

    /// <summary>The absolute path of the root.</summary>
    public string FullPath { get; }

    /// <summary>The absolute path of a volume's directory.</summary>
    /// <param name="volume">The volume name.</param>
    /// <returns><c>DIR/volume</c>.</returns>
    public string PathOf(string volume) => FullPath == "/" ? "/" + volume : FullPath + "/" + volume;

    /// <summary>
    /// Creates the volume's directory if it is missing (mode 0755), mounts a tmpfs on it when the options ask and
    /// it is not a mount point yet, and opens it for the writer.
    /// </summary>
    /// <param name="volume">The volume name: one path element.</param>
    /// <returns>The volume's file system; dispose it when done.</returns>
    /// <exception cref="IOException">
    /// The name is not one path element, the directory is a link or not a directory, or mkdir, mount or open failed.
    /// </exception>
    public LinuxVolumeFileSystem Open(string volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume is "" or "." or ".." || volume.Contains('/', StringComparison.Ordinal) || volume.Contains('\0', StringComparison.Ordinal))
        {
            throw new IOException($"volume name \"{volume.Replace("\0", "\\0", StringComparison.Ordinal)}\": not a single directory name");
        }

        lock (_gate)
        {
            var display = PathOf(volume);
            var created = Native.Mkdirat(RootFd, volume, DirectoryMode) == 0;
            if (!created && Marshal.GetLastPInvokeError() != Native.EEXIST)
            {
                throw Native.LastError("mkdir", display);
            }

            var directory = LinuxVolumeFileSystem.OpenVolumeDirectory(RootFd, volume, display);
            SafeFileHandle? mount = null;
            try
            {
                if (created)
                {
                    Native.Check(Native.Fchmod((int)directory.DangerousGetHandle(), DirectoryMode), "chmod", display); // the umask filtered mkdir's
                }

                if (_options.Tmpfs is { } tmpfs && !Tmpfs.IsMountRoot(directory))
                {
                    var mounted = Tmpfs.MountOn(RootFd, volume, directory, tmpfs, display);
                    directory.Dispose();
                    directory = mounted;
                    var root = Native.Openat((int)mounted.DangerousGetHandle(), ".", Native.OPath | Native.ODirectory | Native.OCloExec, 0);
                    mount = root == -1 ? throw Native.LastError("open", display) : new SafeFileHandle(root, ownsHandle: true);
                }

                if (created || mount is not null)
                {
                    var earlier = _made.GetValueOrDefault(volume);
                    if (mount is not null)
                    {
                        earlier?.Mount?.Dispose(); // mounted over again: that one is gone from sight anyway
                    }

                    _made[volume] = new Made(created || earlier?.Created == true, mount ?? earlier?.Mount);
                }

                return new LinuxVolumeFileSystem(directory, display, _options.Volume);
            }
            catch
            {
                directory.Dispose();
                mount?.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Undoes what <see cref="Open"/> did to a volume through this instance: unmounts the tmpfs it mounted and
    /// removes the directory it created (when empty), as the kubelet tears down a volume whose setup failed.
    /// Dispose the volume's file system first.
    /// </summary>
    /// <param name="volume">The volume name.</param>
    /// <returns>Whether there was anything to undo.</returns>
    /// <exception cref="IOException">The unmount failed.</exception>
    public bool TearDown(string volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        lock (_gate)
        {
            if (!_made.Remove(volume, out var made))
            {
                return false;
            }

            if (made.Mount is { } mount)
            {
                using (mount)
                {
                    Tmpfs.Unmount(mount, PathOf(volume));
                }
            }

            if (made.Created)
            {
                _ = Native.Unlinkat(RootFd, volume, Native.AtRemoveDir); // only when empty; else it stays
            }

            return true;
        }
    }

    /// <summary>Closes the root (what was mounted stays mounted).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var made in _made.Values)
            {
                made.Mount?.Dispose();
            }

            _made.Clear();
            _root.Dispose();
        }
    }

    private int RootFd => (int)_root.DangerousGetHandle();

    /// <summary>mkdir -p with mode 0755 for each directory it creates, whatever the umask.</summary>
    private static void CreateMissing(string full)
    {
        if (NativeStat.Lstat(full) is not null || full == "/")
        {
            return;
        }

        CreateMissing(Path.GetDirectoryName(full) ?? "/");
        if (Native.Mkdir(full, DirectoryMode) == -1)
        {
            if (Marshal.GetLastPInvokeError() != Native.EEXIST)
            {
                throw Native.LastError("mkdir", full);
            }

            return;
        }

        var fd = Native.Openat(Native.AtFdCwd, full, Native.ORdOnly | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
        if (fd == -1)
        {
            throw Native.LastError("open", full);
        }

        try
        {
            Native.Check(Native.Fchmod(fd, DirectoryMode), "chmod", full);
        }
        finally
        {
            Native.Close(fd);
        }
    }

    /// <summary>What this instance made of a volume: its directory, and the root of the tmpfs it mounted.</summary>
    private sealed record Made(bool Created, SafeFileHandle? Mount);
}
