using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// One object of the watch-based store (upstream's <c>objectCacheItem</c>): a single-object store and the
/// reflector that keeps it in step with the source (client-go's <c>Reflector.ListAndWatch</c> under
/// <c>wait.BackoffUntil</c>).
/// </summary>
/// <remarks>
/// The loop: list the object by name and replace the store with the answer; watch from the list's
/// resourceVersion, applying Added/Modified/Deleted and remembering each event's resourceVersion (bookmarks
/// included). A stream that simply ends is watched again at once from the last resourceVersion; a stream that
/// ends within a second without any event is an error. An expired resourceVersion (410) or another failure ends
/// the cycle: after a backoff wait the object is listed again. A watch that cannot start because the source is
/// unreachable, or that is throttled (429), is retried after a backoff wait without a list. A list answered with
/// 410 is retried at once.
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class WatchedObject<T>
    where T : class
{
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly ManagerContext<T> _context;
    private readonly string _namespace;
    private readonly string _name;
    private readonly Action<WatchedObject<T>, string?> _changed;
    private ReflectorBackoff? _backoff;
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
        ThreadPool.QueueUserWorkItem(static state => _ = state.Item.RunAsync(state.Token), (Item: this, Token: token), preferLocal: false);
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

    private async Task RunAsync(CancellationToken stop)
    {
        var relist = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ListAndWatchAsync(relist, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The reflector never dies: whatever the source throws, it backs off and lists again.
                ObjectManagerLog.ListAndWatchFailed(_context.Logger, _context.Kind.Name, _namespace, _name, e.Message);
            }

            relist = true;
            var delay = Backoff.Next();
            ObjectManagerLog.Relisting(_context.Logger, _context.Kind.Name, _namespace, _name, delay);
            if (!await DelayAsync(delay, stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task ListAndWatchAsync(bool relist, CancellationToken stop)
    {
        var source = _context.Source;
        if (relist)
        {
            _context.Metrics.Relist("retry");
        }

        ObjectList<T> list;
        try
        {
            _context.Metrics.Fetch("list");
            list = await source.ListAsync(_namespace, _name, stop).ConfigureAwait(false);
        }
        catch (ObjectSourceException e) when (e.IsExpired)
        {
            // client-go relists at once, from the newest version, when the one it asked for is gone.
            _context.Metrics.Relist("expired");
            _context.Metrics.Fetch("list");
            list = await source.ListAsync(_namespace, _name, stop).ConfigureAwait(false);
        }

        Replace(list.Item);
        var resourceVersion = list.ResourceVersion;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var started = _context.Time.GetTimestamp();
            var events = 0;
            ObjectSourceException? failure = null;
            try
            {
                await foreach (var change in source.WatchAsync(_namespace, _name, resourceVersion, stop).WithCancellation(stop).ConfigureAwait(false))
                {
                    events++;
                    if (change.Type == WatchEventType.Error)
                    {
                        failure = new ObjectSourceException(change.Status ?? new SourceStatus(500, "InternalError", "watch error without a status"), null);
                        break;
                    }

                    Apply(change);
                    if (!string.IsNullOrEmpty(change.ResourceVersion))
                    {
                        resourceVersion = change.ResourceVersion;
                    }
                }
            }
            catch (ObjectSourceException e)
            {
                failure = e;
            }

            if (failure is null || (failure.Status is null && events > 0))
            {
                // The server closed the stream (or it broke after events, which Go's decoder sees as an end).
                if (events == 0 && _context.Time.GetElapsedTime(started) < ShortWatch)
                {
                    throw new ObjectSourceException("very short watch: unexpected watch close - watch lasted less than a second and no items received");
                }

                _context.Metrics.WatchRestart("closed");
                continue;
            }

            if ((failure.Status is null && events == 0) || failure.Status?.Code == 429)
            {
                // Unreachable or throttled: watch again from where it was, after a backoff wait.
                var delay = Backoff.Next();
                ObjectManagerLog.WatchBackingOff(_context.Logger, _context.Kind.Name, _namespace, _name, failure.Message, delay);
                if (!await DelayAsync(delay, stop).ConfigureAwait(false))
                {
                    return;
                }

                _context.Metrics.WatchRestart("backoff");
                continue;
            }

            if (failure.IsExpired)
            {
                ObjectManagerLog.WatchExpired(_context.Logger, _context.Kind.Name, _namespace, _name, failure.Message);
            }
            else
            {
                ObjectManagerLog.WatchFailed(_context.Logger, _context.Kind.Name, _namespace, _name, failure.Message);
            }

            return;
        }
    }

    /// <summary>The backoff, made at the first failure: most watched objects never fail, and a synced store of thousands keeps none.</summary>
    private ReflectorBackoff Backoff
    {
        get
        {
            var options = _context.Options;
            return _backoff ??= new ReflectorBackoff(options.BackoffInitial, options.BackoffMax, options.BackoffReset, _context.Time, _context.Jitter);
        }
    }

    private async ValueTask<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _context.Time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

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
