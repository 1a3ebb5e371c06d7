using SecretProjection.Agent;
using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Testing.Agent;

/// <summary>
/// A node's kubelet root directory in memory, for the node agent: an <see cref="InMemoryVolumeFileSystem"/> whose
/// volume directories are opened as views of the same tree, with simulated tmpfs mounts (unmounting one drops
/// what was written on it) and injected unmount failures.
/// </summary>
/// <remarks>Opening and unmounting are serialized by the agent; the views write concurrently into separate directories.</remarks>
public sealed class InMemoryNodeVolumeHost : INodeVolumeHost
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _mounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private readonly bool _mountsTmpfs;

    /// <summary>Creates an empty root (<c>/var/lib/kubelet</c> in the simulated tree).</summary>
    /// <param name="mountsTmpfs">Whether memory-backed volumes get a (simulated) tmpfs, as with the tool's <c>--tmpfs</c>.</param>
    public InMemoryNodeVolumeHost(bool mountsTmpfs = false)
    {
        _mountsTmpfs = mountsTmpfs;
        Root = new InMemoryVolumeFileSystem("/var/lib/kubelet");
    }

    /// <summary>The root directory.</summary>
    public InMemoryVolumeFileSystem Root { get; }

    IVolumeFileSystem INodeVolumeHost.Root => Root;

    /// <summary>The volume directories a tmpfs is mounted on now, relative to the root.</summary>
    public IReadOnlyCollection<string> Mounts
    {
        get
        {
            lock (_lock)
            {
                return [.. _mounts.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Makes the unmount of a directory fail (<c>EBUSY</c>), as a tmpfs a process still uses does.</summary>
    /// <param name="path">The volume directory, relative to the root.</param>
    public void MakeBusy(string path)
    {
        lock (_lock)
        {
            _busy.Add(path);
        }
    }

    /// <inheritdoc/>
    public IVolumeFileSystem OpenVolume(string path, bool memoryBacked)
    {
        var volume = Root.OpenDirectory(path);
        if (_mountsTmpfs && memoryBacked)
        {
            lock (_lock)
            {
                _mounts.Add(path);
            }
        }

        return volume;
    }

    /// <inheritdoc/>
    public bool Unmount(string path)
    {
        lock (_lock)
        {
            if (!_mounts.Contains(path))
            {
                return false;
            }

            if (_busy.Contains(path))
            {
                throw new IOException($"umount {path}: device or resource busy");
            }

            _mounts.Remove(path);
        }

        Root.DropContents(path);
        return true;
    }
}
