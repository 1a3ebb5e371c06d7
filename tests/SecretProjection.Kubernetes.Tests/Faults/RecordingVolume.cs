using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// The in-memory volume file system, with every generation the writer publishes recorded at its swap: right after
/// the rename of <c>..data_tmp</c> to <c>..data</c>, the files a reader then sees through <c>..data</c> are read.
/// So every published generation is checked, not a sample. Port calls and the test's reads share one lock (the
/// in-memory tree is not thread-safe; the writer's calls come from one thread at a time).
/// </summary>
internal sealed class RecordingVolume : IVolumeFileSystem
{
    private readonly Lock _lock = new();
    private readonly InMemoryVolumeFileSystem _volume = new("/var/lib/kubelet/pods/uid-web/volumes/kubernetes.io~secret/db");
    private readonly List<IReadOnlyDictionary<string, byte[]>> _published = [];
    private readonly Conditions _swaps = new();

    /// <summary>Every generation published so far, in order: the files under <c>..data</c> at its swap.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, byte[]>> Published
    {
        get
        {
            lock (_lock)
            {
                return [.. _published];
            }
        }
    }

    /// <summary>The files a container sees now, through the visible links.</summary>
    public IReadOnlyDictionary<string, byte[]> Visible()
    {
        lock (_lock)
        {
            return _volume.ListThroughLinks(".")!
                .Where(name => !VolumeLayout.IsReserved(name))
                .ToDictionary(name => name, name => _volume.ReadFileThroughLinks(name)!, StringComparer.Ordinal);
        }
    }

    /// <summary>Completes once the latest published generation matches (at once if it already does).</summary>
    public Task WaitForAsync(Func<IReadOnlyDictionary<string, byte[]>, bool> match, CancellationToken cancellationToken) =>
        _swaps.WaitAsync(
            () =>
            {
                lock (_lock)
                {
                    return _published.Count > 0 && match(_published[^1]);
                }
            },
            cancellationToken);

    public VolumeEntry? GetEntry(string path)
    {
        lock (_lock)
        {
            return _volume.GetEntry(path);
        }
    }

    public IReadOnlyList<string> List(string path)
    {
        lock (_lock)
        {
            return _volume.List(path);
        }
    }

    public byte[] ReadFile(string path)
    {
        lock (_lock)
        {
            return _volume.ReadFile(path);
        }
    }

    public void CreateDirectory(string path, int mode)
    {
        lock (_lock)
        {
            _volume.CreateDirectory(path, mode);
        }
    }

    public void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user)
    {
        lock (_lock)
        {
            _volume.WriteFile(path, data, mode, user);
        }
    }

    public void CreateSymlink(string target, string path)
    {
        lock (_lock)
        {
            _volume.CreateSymlink(target, path);
        }
    }

    public string? ReadLink(string path)
    {
        lock (_lock)
        {
            return _volume.ReadLink(path);
        }
    }

    public void Rename(string from, string to)
    {
        lock (_lock)
        {
            _volume.Rename(from, to);
            if (to != VolumeLayout.DataDirectory)
            {
                return;
            }

            Record();
        }

        _swaps.Notify();
    }

    public void Remove(string path)
    {
        lock (_lock)
        {
            _volume.Remove(path);
        }
    }

    public void SetMode(string path, int mode)
    {
        lock (_lock)
        {
            _volume.SetMode(path, mode);
        }
    }

    public void SetOwner(string path, long? user, long? group)
    {
        lock (_lock)
        {
            _volume.SetOwner(path, user, group);
        }
    }

    private void Record()
    {
        var data = VolumeLayout.DataDirectory;
        var files = _volume.ListThroughLinks(data)!
            .ToDictionary(name => name, name => _volume.ReadFileThroughLinks(data + "/" + name) ?? [], StringComparer.Ordinal);
        _published.Add(files);
    }
}
