using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SecretProjection.Sources;

namespace SecretProjection.Testing.Sources;

/// <summary>
/// An API server for one kind of object, in memory: a resourceVersion counter shared by every change, an event
/// history that a watch from an older resourceVersion replays (so a watch resumed after a dropped stream loses
/// nothing), bookmarks, compaction (a watch from before it answers 410), and scripted faults for the next calls:
/// a failed get, list or watch, an expired (410) list or watch, a watch that ends after N events. Counts calls
/// and open watches, and lets a test wait for a condition on them.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
/// <remarks>Thread-safe. Create one with <see cref="InMemoryObjectSource.ForSecrets"/> or <see cref="InMemoryObjectSource.ForConfigMaps"/>.</remarks>
public sealed class InMemoryObjectSource<T> : IObjectSource<T>
    where T : class
{
    private const string Unreachable = "dial tcp 127.0.0.1:6443: connect: connection refused";

    private readonly object _gate = new();
    private readonly Func<T, string> _namespaceOf;
    private readonly Func<T, string> _nameOf;
    private readonly Func<T, string, T> _withResourceVersion;
    private readonly Dictionary<(string Namespace, string Name), T> _objects = [];
    private readonly List<((string Namespace, string Name) Key, ulong Version, WatchEvent<T> Event)> _history = [];
    private readonly List<Watcher> _watchers = [];
    private readonly Queue<string> _getFailures = new();
    private readonly Queue<SourceStatus?> _listFailures = new();
    private readonly Queue<WatchScript> _watchScripts = new();
    private readonly List<string> _watchResourceVersions = [];
    private ulong _resourceVersion;
    private ulong _compactedTo;
    private int _getCalls;
    private int _listCalls;
    private int _watchCalls;
    private TaskCompletionSource _stateChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal InMemoryObjectSource(Func<T, string> namespaceOf, Func<T, string> nameOf, Func<T, string, T> withResourceVersion)
    {
        _namespaceOf = namespaceOf;
        _nameOf = nameOf;
        _withResourceVersion = withResourceVersion;
    }

    /// <summary>The newest resourceVersion: that of the last change, "0" before any.</summary>
    public string ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return Format(_resourceVersion);
            }
        }
    }

    /// <summary>Calls of <see cref="GetAsync"/> so far.</summary>
    public int GetCalls => Volatile.Read(ref _getCalls);

    /// <summary>Calls of <see cref="ListAsync"/> so far.</summary>
    public int ListCalls => Volatile.Read(ref _listCalls);

    /// <summary>Calls of <see cref="WatchAsync"/> so far.</summary>
    public int WatchCalls => Volatile.Read(ref _watchCalls);

    /// <summary>The resourceVersion each watch so far started from, in call order.</summary>
    public IReadOnlyList<string> WatchResourceVersions
    {
        get
        {
            lock (_gate)
            {
                return _watchResourceVersions.ToArray();
            }
        }
    }

    /// <summary>The watches open now.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>The objects with a watch open now, as <c>namespace/name</c>, each once, in ordinal order.</summary>
    public IReadOnlyList<string> WatchedObjects
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Select(w => w.Key.Namespace + "/" + w.Key.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Creates or replaces an object, as the API server stores it: with the next resourceVersion. Open watches of it get Added or Modified.</summary>
    /// <param name="value">The object; its resourceVersion is ignored.</param>
    /// <returns>The object as stored.</returns>
    public T Put(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var key = (_namespaceOf(value), _nameOf(value));
            var stored = _withResourceVersion(value, Format(++_resourceVersion));
            var type = _objects.ContainsKey(key) ? WatchEventType.Modified : WatchEventType.Added;
            _objects[key] = stored;
            Record(key, new WatchEvent<T>(type, stored, Format(_resourceVersion)));
            return stored;
        }
    }

    /// <summary>Deletes an object. Open watches of it get Deleted with its last state at a new resourceVersion.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>Whether it existed.</returns>
    public bool Delete(string @namespace, string name)
    {
        lock (_gate)
        {
            if (!_objects.Remove((@namespace, name), out var last))
            {
                return false;
            }

            var version = Format(++_resourceVersion);
            Record((@namespace, name), new WatchEvent<T>(WatchEventType.Deleted, _withResourceVersion(last, version), version));
            return true;
        }
    }

    /// <summary>The object as stored now, or <see langword="null"/>.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>The object.</returns>
    public T? Find(string @namespace, string name)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault((@namespace, name));
        }
    }

    /// <summary>Sends every open watch a bookmark with the newest resourceVersion.</summary>
    public void Bookmark()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Events.Writer.TryWrite(new WatchEvent<T>(WatchEventType.Bookmark, null, Format(_resourceVersion)));
            }
        }

        NotifyStateChanged();
    }

    /// <summary>Forgets the event history, as etcd compacts: a watch from an older resourceVersion answers 410.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedTo = _resourceVersion;
        }
    }

    /// <summary>Ends every open watch stream, as the server does when its watch timeout passes.</summary>
    public void EndOpenWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Events.Writer.TryComplete();
            }
        }
    }

    /// <summary>The next get answers with a failure.</summary>
    /// <param name="reason">The failure's message.</param>
    public void FailNextGet(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            _getFailures.Enqueue(reason);
        }
    }

    /// <summary>The next list throws an <see cref="ObjectSourceException"/>.</summary>
    /// <param name="status">The server's status; <see langword="null"/> for an unreachable server.</param>
    public void FailNextList(SourceStatus? status = null)
    {
        lock (_gate)
        {
            _listFailures.Enqueue(status);
        }
    }

    /// <summary>The next list answers 410 Expired.</summary>
    public void ExpireNextList() => FailNextList(Expired("0"));

    /// <summary>The next watch cannot start: it throws an <see cref="ObjectSourceException"/>.</summary>
    /// <param name="status">The server's status; <see langword="null"/> for an unreachable server.</param>
    public void FailNextWatch(SourceStatus? status = null) => Script(new WatchScript(status, AsEvent: false, EndAfter: null));

    /// <summary>The next watch answers 410 Expired, as an ERROR event (the API server's way) or as an exception.</summary>
    /// <param name="asErrorEvent">Whether it is an ERROR event rather than an exception.</param>
    public void ExpireNextWatch(bool asErrorEvent = true) => Script(new WatchScript(Expired("0"), asErrorEvent, EndAfter: null));

    /// <summary>The next watch stream ends after delivering <paramref name="events"/> events (replayed ones and bookmarks count).</summary>
    /// <param name="events">The number of events.</param>
    public void EndNextWatchAfter(int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        Script(new WatchScript(null, AsEvent: false, events));
    }

    /// <summary>Waits until <paramref name="condition"/> holds; it is checked after every call, change and opened or closed watch.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="cancellationToken">Stops the wait (give it a timeout that bounds a hang).</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public async Task WaitUntilAsync(Func<InMemoryObjectSource<T>, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _stateChanged.Task;
            }

            if (condition(this))
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LookupResult<T> result;
        lock (_gate)
        {
            _getCalls++;
            result = _getFailures.TryDequeue(out var reason) ? LookupResult<T>.Failed(reason)
                : _objects.TryGetValue((@namespace, name), out var value) ? LookupResult<T>.Found(value)
                : LookupResult<T>.NotFound();
        }

        NotifyStateChanged();
        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public Task<ObjectList<T>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            lock (_gate)
            {
                _listCalls++;
                if (_listFailures.TryDequeue(out var failure))
                {
                    throw Failure(failure);
                }

                return Task.FromResult(new ObjectList<T>(_objects.GetValueOrDefault((@namespace, name)), Format(_resourceVersion)));
            }
        }
        finally
        {
            NotifyStateChanged();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string @namespace, string name, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Watcher watcher;
        WatchEvent<T>[] replay;
        WatchScript? script;
        lock (_gate)
        {
            _watchCalls++;
            _watchResourceVersions.Add(resourceVersion);
            script = _watchScripts.TryDequeue(out var next) ? next : null;
            var from = ulong.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            if (script is null && from < _compactedTo)
            {
                // What the API server answers for a watch from a compacted resourceVersion.
                script = new WatchScript(Expired(resourceVersion), AsEvent: true, EndAfter: null);
            }

            if (script is { Fails: true, AsEvent: false })
            {
                NotifyStateChanged();
                throw Failure(script.Failure);
            }

            replay = _history.Where(h => h.Key == (@namespace, name) && h.Version > from).Select(h => h.Event).ToArray();
            watcher = new Watcher((@namespace, name));
            _watchers.Add(watcher);
        }

        NotifyStateChanged();
        try
        {
            if (script is { Fails: true })
            {
                yield return new WatchEvent<T>(WatchEventType.Error, null, null, script.Failure);
                yield break;
            }

            var limit = script?.EndAfter ?? int.MaxValue;
            var delivered = 0;
            foreach (var replayed in replay)
            {
                if (delivered == limit)
                {
                    yield break;
                }

                delivered++;
                yield return replayed;
            }

            while (delivered < limit && await watcher.Events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (delivered < limit && watcher.Events.Reader.TryRead(out var live))
                {
                    delivered++;
                    yield return live;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }

            NotifyStateChanged();
        }
    }

    private static string Format(ulong resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);

    private static SourceStatus Expired(string resourceVersion) =>
        new(410, "Expired", $"too old resource version: {resourceVersion}");

    private static ObjectSourceException Failure(SourceStatus? status) =>
        status is null ? new ObjectSourceException(Unreachable) : new ObjectSourceException(status, null);

    private void Script(WatchScript script)
    {
        lock (_gate)
        {
            _watchScripts.Enqueue(script);
        }
    }

    /// <summary>Appends to the history and sends open watches of the object the event (called under the gate).</summary>
    private void Record((string Namespace, string Name) key, WatchEvent<T> change)
    {
        _history.Add((key, _resourceVersion, change));
        foreach (var watcher in _watchers.Where(w => w.Key == key))
        {
            watcher.Events.Writer.TryWrite(change);
        }

        NotifyStateChanged();
    }

    /// <summary>Wakes the waiters of <see cref="WaitUntilAsync"/> (their continuations run elsewhere, so this may run under the gate).</summary>
    private void NotifyStateChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _stateChanged;
            _stateChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed record WatchScript(SourceStatus? Failure, bool AsEvent, int? EndAfter)
    {
        /// <summary>A script fails its watch unless it ends it after some events.</summary>
        public bool Fails => EndAfter is null;
    }

    private sealed class Watcher((string Namespace, string Name) key)
    {
        public (string Namespace, string Name) Key { get; } = key;

        public Channel<WatchEvent<T>> Events { get; } = Channel.CreateUnbounded<WatchEvent<T>>();
    }
}
