using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// The Watch strategy's store (upstream's <c>objectCache</c>, <c>watch_based_manager.go</c>): one reflector per
/// referenced object, started by its first reference and stopped by its last; reads wait for the object's first
/// list, and an immutable object stops its reflector once read and is served from the store for good.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class WatchObjectStore<T> : IObjectStore<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly ManagerContext<T> _context;
    private readonly Dictionary<(string Namespace, string Name), WatchedObject<T>> _items = [];
    private readonly ReferenceCounts _references = new();
    private readonly Action<WatchedObject<T>, string?> _onChanged;
    private bool _disposed;

    public WatchObjectStore(ManagerContext<T> context)
    {
        _context = context;
        _onChanged = OnChanged;
    }

    public event EventHandler<ObjectChangedEventArgs>? Changed;

    /// <summary>The objects whose reflector runs (for tests and diagnostics).</summary>
    internal IReadOnlyList<(string Namespace, string Name)> Watching
    {
        get
        {
            lock (_lock)
            {
                return _items.Values.Where(i => i.IsWatching).Select(i => (i.Namespace, i.Name)).ToArray();
            }
        }
    }

    /// <summary>The references of an object (for tests).</summary>
    internal int References(string @namespace, string name, string? podUid = null)
    {
        lock (_lock)
        {
            return podUid is null ? _references.Count(@namespace, name) : _references.Count(@namespace, name, podUid);
        }
    }

    public void AddReference(string @namespace, string name, string podUid)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_items.TryGetValue((@namespace, name), out var item))
            {
                // The first reference starts the reflector; the first read waits for it to sync.
                item = new WatchedObject<T>(_context, @namespace, name, _onChanged);
                _items[(@namespace, name)] = item;
                item.Start();
            }

            _references.Add(@namespace, name, podUid);
        }
    }

    public void DeleteReference(string @namespace, string name, string podUid)
    {
        lock (_lock)
        {
            if (_references.Remove(@namespace, name, podUid) && _items.Remove((@namespace, name), out var item))
            {
                if (item.Stop())
                {
                    ObjectManagerLog.WatchStopped(_context.Logger, _context.Kind.Name, @namespace, name);
                }
            }
        }
    }

    public async ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        WatchedObject<T>? item;
        lock (_lock)
        {
            _items.TryGetValue((@namespace, name), out item);
        }

        if (item is null)
        {
            return LookupResult<T>.Failed(ManagedKind<T>.NotRegistered(@namespace, name));
        }

        if (!await item.WaitForSyncAsync(_context.Options.SyncTimeout, cancellationToken).ConfigureAwait(false))
        {
            return LookupResult<T>.Failed(_context.Kind.SyncTimedOut);
        }

        _context.Metrics.CacheHit();
        var current = item.Current;
        if (current is null)
        {
            return LookupResult<T>.NotFound();
        }

        if (_context.Kind.IsImmutable(current) && item.Stop(immutable: true))
        {
            ObjectManagerLog.StoppedImmutable(_context.Logger, _context.Kind.Name, @namespace, name);
        }

        return LookupResult<T>.Found(current);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var item in _items.Values)
            {
                item.Stop();
            }

            _items.Clear();
        }
    }

    private void OnChanged(WatchedObject<T> item, string? resourceVersion)
    {
        try
        {
            Changed?.Invoke(this, new ObjectChangedEventArgs(_context.Kind.Reference(item.Namespace, item.Name), resourceVersion));
        }
        catch (Exception e)
        {
            // A failing handler must not stop the watch.
            ObjectManagerLog.ChangedHandlerFailed(_context.Logger, e, _context.Kind.Name, item.Namespace, item.Name);
        }
    }
}
