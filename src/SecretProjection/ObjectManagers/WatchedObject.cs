using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// One object of the watch-based store (upstream's <c>objectCacheItem</c>): a single-object store and the
/// reflector that keeps it in step with the source (client-go's <c>Reflector.ListAndWatch</c> under
/// <c>wait.BackoffUntil</c>).
/// </summary>
/// <remarks>
/// The reflector lists the object by name (<c>fieldSelector=metadata.name=NAME</c>) and watches it from there;
/// see <see cref="Reflector{TList, T}"/> for the relist, resume and backoff rules.
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class WatchedObject<T> : IReflectorTarget<ObjectList<T>, T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly ManagerContext<T> _context;
    private readonly string _namespace;
    private readonly string _name;
    private readonly Action<WatchedObject<T>, string?> _changed;
    private T? _current;
    private bool _initialized;
    private bool _everSynced;
    private bool _immutable;
    private TaskCompletionSource? _synced;
    private CancellationTokenSource? _stop;

    public WatchedObject(ManagerContext<T> context, string @namespace, string name, Action<WatchedObject<T>, string?> changed)
    {
        _context = context;
        _namespace = @namespace;
        _name = name;
        _changed = changed;
    }

    public string Namespace => _namespace;

    public string Name => _name;

    /// <summary>Whether the reflector runs.</summary>
    public bool IsWatching
    {
        get
        {
            lock (_lock)
            {
                return _stop is not null;
            }
        }
    }

    /// <summary>The object as last listed or watched; <see langword="null"/> when it does not exist.</summary>
    public T? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Starts the reflector.</summary>
    public void Start()
    {
        CancellationToken token;
        lock (_lock)
        {
            if (_stop is not null)
            {
                return;
            }

            _stop = new CancellationTokenSource();
            token = _stop.Token;
        }

        _context.Metrics.WatchStarted();
        ObjectManagerLog.WatchStarted(_context.Logger, _context.Kind.Name, _namespace, _name);

        // On the thread pool (the caller holds the store's lock), without Task.Run's closure and proxy task, which a
        // loop that runs as long as the object is referenced would keep alive.
        ThreadPool.QueueUserWorkItem(static state => _ = state.Reflector.RunAsync(state.Token), (Reflector: new Reflector<ObjectList<T>, T>(this, _context.Reflector), Token: token), preferLocal: false);
    }

    /// <summary>
    /// Stops the reflector (upstream's <c>stop</c>). A mutable object's store is no longer synced; an immutable
    /// one's stays, to be served for good.
    /// </summary>
    /// <param name="immutable">Whether it stops because the object is immutable.</param>
    /// <returns>Whether it was running.</returns>
    public bool Stop(bool immutable = false)
    {
        CancellationTokenSource? stop;
        lock (_lock)
        {
            _immutable |= immutable;
            stop = _stop;
            if (stop is null)
            {
                return false;
            }

            _stop = null;
            if (!_immutable)
            {
                _initialized = false;
            }
        }

        stop.Cancel();
        _context.Metrics.WatchStopped();
        return true;
    }

    /// <summary>Waits for the first list (upstream polls <c>hasSynced</c> for up to a second).</summary>
    /// <returns>Whether the store is synced.</returns>
    public async ValueTask<bool> WaitForSyncAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task synced;
        lock (_lock)
        {
            if (_initialized)
            {
                return true;
            }

            // Made by the first reader that waits, and dropped by the list that completes it: a synced object keeps none.
            synced = (_synced ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await synced.WaitAsync(timeout, _context.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    Task<ObjectList<T>> IReflectorTarget<ObjectList<T>, T>.ListAsync(CancellationToken cancellationToken) =>
        _context.Source.ListAsync(_namespace, _name, cancellationToken);

    string IReflectorTarget<ObjectList<T>, T>.ResourceVersionOf(ObjectList<T> list) => list.ResourceVersion;

    IAsyncEnumerable<WatchEvent<T>> IReflectorTarget<ObjectList<T>, T>.WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        _context.Source.WatchAsync(_namespace, _name, resourceVersion, cancellationToken);

    void IReflectorTarget<ObjectList<T>, T>.Replace(ObjectList<T> list) => Replace(list.Item);

    void IReflectorTarget<ObjectList<T>, T>.Apply(WatchEvent<T> change) => Apply(change);

    /// <summary>Upstream's <c>cacheStore.Replace</c>: the store holds what the list returned, and is synced.</summary>
    private void Replace(T? item)
    {
        bool changed;
        TaskCompletionSource? synced;
        lock (_lock)
        {
            changed = _everSynced && Differs(_current, item);
            _current = item;
            _initialized = true;
            _everSynced = true;
            synced = _synced;
            _synced = null;
        }

        synced?.TrySetResult();
        if (changed)
        {
            _changed(this, item is null ? null : _context.Kind.ResourceVersion(item));
        }
    }

    private void Apply(WatchEvent<T> change)
    {
        T? now;
        lock (_lock)
        {
            now = change.Type switch
            {
                WatchEventType.Added or WatchEventType.Modified when change.Object is not null => change.Object,
                WatchEventType.Deleted => null,
                _ => _current,
            };

            if (!Differs(_current, now))
            {
                return;
            }

            _current = now;
        }

        _changed(this, now is null ? null : _context.Kind.ResourceVersion(now));
    }

    private bool Differs(T? before, T? after) =>
        (before is null) != (after is null)
        || (before is not null && after is not null
            && !string.Equals(_context.Kind.ResourceVersion(before), _context.Kind.ResourceVersion(after), StringComparison.Ordinal));
}
