using Microsoft.Win32.SafeHandles;
using SecretProjection.Agent;
using SecretProjection.Linux.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Agent;

/// <summary>
/// The node agent's host on a real kubelet root directory (<c>/var/lib/kubelet</c>, or any directory laid out the
/// same way): the root as a <see cref="LinuxVolumeFileSystem"/>, volume directories opened for the writer (a tmpfs
/// mounted on those the kubelet backs with memory when asked, as the kubelet's emptyDir wrapper does), and
/// unmounted before they are removed; all through descriptors held from the root down, as the writer holds its
/// volume directory (README, "Hosts where others can write"), so a link planted under the root is never followed.
/// </summary>
public sealed class KubeletVolumeHost : INodeVolumeHost
{
    /// <summary>The kubelet root directory's mode (<c>os.MkdirAll(kl.getRootDir(), 0750)</c>).</summary>
    private const UnixFileMode RootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private static readonly LinuxVolumeRootOptions OnDisk = new();

    private readonly string _root;
    private readonly LinuxVolumeRootOptions _memoryBacked;
    private readonly LinuxVolumeFileSystem _rootFileSystem;

    /// <summary>Opens the root directory, creating it (mode 0750) when it is missing.</summary>
    /// <param name="root">The kubelet root directory.</param>
    /// <param name="tmpfs">How secret, projected and downwardAPI volumes are mounted; <see langword="null"/> writes them on the root's own file system.</param>
    /// <exception cref="IOException">The root cannot be made or opened (a symbolic link is refused).</exception>
    public KubeletVolumeHost(string root, TmpfsOptions? tmpfs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root).TrimEnd('/');
        _memoryBacked = tmpfs is null ? OnDisk : new LinuxVolumeRootOptions { Tmpfs = tmpfs };
        if (!Directory.Exists(_root))
        {
            Directory.CreateDirectory(_root, RootMode);
            File.SetUnixFileMode(_root, RootMode);
        }

        _rootFileSystem = new LinuxVolumeFileSystem(_root);
    }

    /// <summary>The full path of the root directory.</summary>
    public string RootDirectory => _root.Length == 0 ? "/" : _root;

    /// <summary>Whether memory-backed volumes get a tmpfs.</summary>
    public bool MountsTmpfs => _memoryBacked.Tmpfs is not null;

    /// <inheritdoc/>
    public IVolumeFileSystem Root => _rootFileSystem;

    /// <summary>The full path of a directory given relative to the root.</summary>
    /// <param name="path">The relative path.</param>
    /// <returns>The full path.</returns>
    public string FullPath(string path) => RootDirectory.TrimEnd('/') + "/" + path;

    /// <inheritdoc/>
    /// <remarks>
    /// The plugin directory is opened from the root's descriptor one element at a time without following a link,
    /// then held, as <see cref="LinuxVolumeRoot"/> holds its root, while the volume directory is made, mounted on and
    /// opened relative to it: a link planted anywhere under the root is refused, never written through, and no name
    /// is looked up again between its check and its use.
    /// </remarks>
    public IVolumeFileSystem OpenVolume(string path, bool memoryBacked)
    {
        var (plugin, volume) = Split(path);
        using var directory = new LinuxVolumeRoot(_rootFileSystem.OpenDirectoryBelow(plugin), FullPath(plugin), memoryBacked ? _memoryBacked : OnDisk);
        return directory.Open(volume);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Only a directory that is itself the root of a mount is unmounted, through its plugin directory held as in
    /// <see cref="OpenVolume"/>; a link in its place is not followed (the caller removes the link itself).
    /// </remarks>
    public bool Unmount(string path)
    {
        var (plugin, volume) = Split(path);
        using var directory = _rootFileSystem.OpenDirectoryBelow(plugin);
        var parent = (int)directory.DangerousGetHandle();
        var fd = Native.Openat(parent, volume, Native.OPath | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
        if (fd == -1)
        {
            return false; // gone, a link or a file: nothing of the agent's is mounted there
        }

        using (var target = new SafeFileHandle(fd, ownsHandle: true))
        {
            if (!Tmpfs.IsMountRoot(target))
            {
                return false;
            }
        }

        // Held only by the plugin directory from here: a descriptor on the mount would make it busy.
        Tmpfs.UnmountAt(parent, volume, FullPath(path));
        return true;
    }

    /// <summary>A volume directory's path as its plugin directory and its name.</summary>
    private static (string Plugin, string Volume) Split(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash > 0 && path[(slash + 1)..] is { Length: > 0 } volume && volume is not ("." or "..")
            ? (path[..slash], volume)
            : throw new IOException($"{path}: not a volume directory under a plugin directory");
    }
}
