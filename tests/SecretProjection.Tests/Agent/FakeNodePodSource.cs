using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SecretProjection.Agent;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tests.Agent;

/// <summary>
/// The pods of several nodes with a resourceVersion history: lists and watches filtered by node, watches that
/// replay from a resourceVersion, and the faults a reflector must survive (a 410 on the next list or watch, open
/// watches closed, a list that waits until released).
/// </summary>
internal sealed class FakeNodePodSource : INodePodSource
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Node, Pod Pod)> _pods = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Node, WatchEvent<Pod> Event)> _history = [];
    private readonly List<(string Node, Channel<WatchEvent<Pod>> Events)> _watches = [];
    private long _version = 100;
    private long _compactedBelow;
    private int _expireNextWatch;
    private TaskCompletionSource? _listGate;

    public int ListCalls { get; private set; }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>Adds or changes a pod bound to <paramref name="node"/>.</summary>
    public Pod Put(Pod pod, string node = AgentHarness.Node)
    {
        lock (_lock)
        {
            var stored = pod with { ResourceVersion = (++_version).ToString(CultureInfo.InvariantCulture) };
            var type = _pods.ContainsKey(stored.Uid!) ? WatchEventType.Modified : WatchEventType.Added;
            _pods[stored.Uid!] = (node, stored);
            Record(node, new WatchEvent<Pod>(type, stored, stored.ResourceVersion));
            return stored;
        }
    }

    public void Delete(string uid)
    {
        lock (_lock)
        {
            if (_pods.Remove(uid, out var gone))
            {
                var rv = (++_version).ToString(CultureInfo.InvariantCulture);
                Record(gone.Node, new WatchEvent<Pod>(WatchEventType.Deleted, gone.Pod with { ResourceVersion = rv }, rv));
            }
        }
    }

    /// <summary>Forgets the history, so a watch from an older resourceVersion gets 410, and closes the open watches.</summary>
    public void CompactAndDropWatches()
    {
        lock (_lock)
        {
            _compactedBelow = ++_version; // even a watch from the newest event is too old now
            _history.Clear();
            foreach (var (_, events) in _watches)
            {
                events.Writer.TryComplete();
            }

            _watches.Clear();
        }
    }

    /// <summary>The next watch gets a 410 ERROR event.</summary>
    public void ExpireNextWatch() => Interlocked.Exchange(ref _expireNextWatch, 1);

    /// <summary>Lists wait until <see cref="ReleaseLists"/>.</summary>
    public void HoldLists()
    {
        lock (_lock)
        {
            _listGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseLists()
    {
        lock (_lock)
        {
            _listGate?.TrySetResult();
            _listGate = null;
        }
    }

    public async Task<PodList> ListAsync(string nodeName, CancellationToken cancellationToken = default)
    {
        Task gate;
        lock (_lock)
        {
            ListCalls++;
            gate = _listGate?.Task ?? Task.CompletedTask;
        }

        await gate.WaitAsync(cancellationToken);
        lock (_lock)
        {
            var items = _pods.Values.Where(p => p.Node == nodeName).Select(p => p.Pod).ToArray();
            return new PodList(items, _version.ToString(CultureInfo.InvariantCulture));
        }
    }

    public async IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string nodeName, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var from = long.Parse(resourceVersion, CultureInfo.InvariantCulture);
        var events = Channel.CreateUnbounded<WatchEvent<Pod>>();
        lock (_lock)
        {
            if (Interlocked.Exchange(ref _expireNextWatch, 0) == 1 || from < _compactedBelow)
            {
                events.Writer.TryWrite(new WatchEvent<Pod>(WatchEventType.Error, null, null, new SourceStatus(410, "Expired", $"too old resource version: {from} ({_version})")));
                events.Writer.TryComplete();
            }
            else
            {
                foreach (var (_, _, e) in _history.Where(h => h.Version > from && h.Node == nodeName))
                {
                    events.Writer.TryWrite(e);
                }

                _watches.Add((nodeName, events));
            }
        }

        try
        {
            await foreach (var e in events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watches.RemoveAll(w => w.Events == events);
            }
        }
    }

    private void Record(string node, WatchEvent<Pod> e)
    {
        _history.Add((_version, node, e));
        foreach (var (watchNode, events) in _watches)
        {
            if (watchNode == node)
            {
                events.Writer.TryWrite(e);
            }
        }
    }
}
