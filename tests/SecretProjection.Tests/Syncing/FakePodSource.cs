using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tests.Syncing;

/// <summary>
/// One pod as an API server keeps it, for the pod sync that follows it: each put is a new resourceVersion, sent to the
/// open watches as Modified; a delete sends Deleted. Counts the calls.
/// </summary>
internal sealed class FakePodSource : IObjectSource<Pod>
{
    private readonly Lock _lock = new();
    private readonly List<ChannelWriter<WatchEvent<Pod>>> _watches = [];
    private readonly TaskCompletionSource _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Pod? _pod;
    private int _resourceVersion;
    private int _gets;
    private int _watchCalls;

    public FakePodSource(Pod pod) => Put(pod);

    public int GetCalls => Volatile.Read(ref _gets);

    public int WatchCalls => Volatile.Read(ref _watchCalls);

    /// <summary>Stores the pod with the next resourceVersion and sends it to the open watches.</summary>
    public Pod Put(Pod pod)
    {
        lock (_lock)
        {
            var type = _pod is null ? WatchEventType.Added : WatchEventType.Modified;
            _pod = pod with { ResourceVersion = Next() };
            Send(new WatchEvent<Pod>(type, _pod, _pod.ResourceVersion));
            return _pod;
        }
    }

    public void Delete()
    {
        lock (_lock)
        {
            var last = _pod!;
            _pod = null;
            var resourceVersion = Next();
            Send(new WatchEvent<Pod>(WatchEventType.Deleted, last with { ResourceVersion = resourceVersion }, resourceVersion));
        }
    }

    /// <summary>Waits until a watch is open, so that a put is sent to it.</summary>
    public Task WaitForWatchAsync(CancellationToken cancellationToken) => _watched.Task.WaitAsync(cancellationToken);

    public Task<LookupResult<Pod>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        lock (_lock)
        {
            return Task.FromResult(_pod is { } pod ? LookupResult<Pod>.Found(pod) : LookupResult<Pod>.NotFound());
        }
    }

    public Task<ObjectList<Pod>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(new ObjectList<Pod>(_pod, Current()));
        }
    }

    public async IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string @namespace, string name, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _watchCalls);
        var events = Channel.CreateUnbounded<WatchEvent<Pod>>();
        lock (_lock)
        {
            _watches.Add(events.Writer);
        }

        _watched.TrySetResult();
        try
        {
            while (true)
            {
                WatchEvent<Pod> next;
                try
                {
                    next = await events.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return next;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watches.Remove(events.Writer);
            }
        }
    }

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private string Current() => _resourceVersion.ToString(CultureInfo.InvariantCulture);

    private void Send(WatchEvent<Pod> change)
    {
        foreach (var watch in _watches)
        {
            watch.TryWrite(change);
        }
    }
}
