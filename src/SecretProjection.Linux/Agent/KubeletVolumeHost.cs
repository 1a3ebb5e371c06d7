using SecretProjection.Agent;
using SecretProjection.Linux.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Agent;

/// <summary>
/// The node agent's host on a real kubelet root directory (<c>/var/lib/kubelet</c>, or any directory laid out the
/// same way): the root as a <see cref="LinuxVolumeFileSystem"/>, volume directories opened for the writer (a tmpfs
/// mounted on those the kubelet backs with memory when asked, as the kubelet's emptyDir wrapper does), and
/// unmounted before they are removed.
/// </summary>
public sealed class KubeletVolumeHost : INodeVolumeHost
{
    /// <summary>The kubelet root directory's mode (<c>os.MkdirAll(kl.getRootDir(), 0750)</c>).</summary>
    private const UnixFileMode RootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly string _root;
    private readonly TmpfsOptions? _tmpfs;
    private readonly LinuxVolumeFileSystem _rootFileSystem;

    /// <summary>Opens the root directory, creating it (mode 0750) when it is missing.</summary>
    /// <param name="root">The kubelet root directory.</param>
    /// <param name="tmpfs">How secret, projected and downwardAPI volumes are mounted; <see langword="null"/> writes them on the root's own file system.</param>
    /// <exception cref="IOException">The root cannot be made or opened (a symbolic link is refused).</exception>
    public KubeletVolumeHost(string root, TmpfsOptions? tmpfs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root).TrimEnd('/');
        _tmpfs = tmpfs;
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
    public bool MountsTmpfs => _tmpfs is not null;

    /// <inheritdoc/>
    public IVolumeFileSystem Root => _rootFileSystem;

    /// <summary>The full path of a directory given relative to the root.</summary>
    /// <param name="path">The relative path.</param>
    /// <returns>The full path.</returns>
    public string FullPath(string path) => RootDirectory.TrimEnd('/') + "/" + path;

    /// <inheritdoc/>
    public IVolumeFileSystem OpenVolume(string path, bool memoryBacked)
    {
        var full = FullPath(path);
        if (memoryBacked && _tmpfs is not null)
        {
            Tmpfs.Mount(full, _tmpfs);
        }

        return new LinuxVolumeFileSystem(full);
    }

    /// <inheritdoc/>
    public bool Unmount(string path)
    {
        var full = FullPath(path);
        if (!Tmpfs.IsMountPoint(full))
        {
            return false;
        }

        Tmpfs.Unmount(full);
        return true;
    }
}
