using System.Runtime.ExceptionServices;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// One object of the watch-based store (upstream's <c>objectCacheItem</c>): its references, a single-object store and
/// the reflector that keeps it in step with the source (client-go's <c>Reflector.ListAndWatch</c> under
/// <c>wait.BackoffUntil</c>).
/// </summary>
/// <remarks>
/// <para>
/// The loop: list the object by name and replace the store with the answer; watch from the list's
/// resourceVersion, applying Added/Modified/Deleted and remembering each event's resourceVersion (bookmarks
/// included). A stream that simply ends is watched again at once from the last resourceVersion; a stream that
/// ends within a second without any event is an error. An expired resourceVersion (410) or another failure ends
/// the cycle: after a backoff wait the object is listed again. A watch that cannot start because the source is
/// unreachable, or that is throttled (429), is retried after a backoff wait without a list. A list answered with
/// 410 is retried at once.
/// </para>
/// <para>
/// A store keeps one of these per watched object, thousands on a node, so the loop is a state and one continuation
/// (<see cref="Run"/>, resumed by whichever call it waits for) rather than async methods whose state machines would
/// live as long as the watch: an idle watch costs this object, its stop signal and the source's side of the watch.
/// </para>
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class WatchedObject<T> : ReferencedObject
    where T : class
{
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private readonly WatchObjectStore<T> _store;

    // Guarded by lock (this): what readers and Stop share with the loop.
    private T? _current;
    private Flags _flags;
    private TaskCompletionSource? _synced;

    // The stop signal; set once, by Start, before the loop runs.
    private CancellationTokenSource? _stop;

    // The loop's own: only the one running step touches them.
    private readonly Action _resume;
    private Step _step;
    private bool _relist;
    private bool _watchHadEvents;
    private Task? _pending;
    private IAsyncEnumerator<WatchEvent<T>>? _watch;
    private ValueTask<bool> _next;
    private string? _resourceVersion;
    private long _watchStarted;
    private ReflectorBackoff? _backoff;

    public WatchedObject(WatchObjectStore<T> store, string @namespace, string name)
        : base(@namespace, name)
    {
        _store = store;
        _resume = Run;
    }

    [Flags]
    private enum Flags : byte
    {
        None = 0,

        /// <summary>The store holds a list's answer (upstream's <c>hasSynced</c>); cleared when a mutable object's loop stops.</summary>
        Initialized = 1,

        /// <summary>The store has held a list's answer at least once: later answers that differ are changes.</summary>
        EverSynced = 2,

        /// <summary>The object was read immutable: its store is served for good.</summary>
        Immutable = 4,

        /// <summary>The loop was told to stop.</summary>
        Stopped = 8,
    }

    /// <summary>Where the loop goes when it runs next.</summary>
    private enum Step : byte
    {
        List,
        Listed,
        ListedAfterExpired,
        Watch,
        NextEvent,
        EventArrived,
        Relist,
        Rewatch,
        Ended,
    }

    /// <summary>Whether the reflector runs.</summary>
    public bool IsWatching
    {
        get
        {
            lock (this)
            {
                return _stop is not null && (_flags & Flags.Stopped) == 0;
            }
        }
    }

    /// <summary>The object as last listed or watched; <see langword="null"/> when it does not exist.</summary>
    public T? Current
    {
        get
        {
            lock (this)
            {
                return _current;
            }
        }
    }

    private ManagerContext<T> Context => _store.Context;

    private ReflectorBackoff Backoff
    {
        get
        {
            // Made at the first failure: most watched objects never fail, and a synced store of thousands keeps none.
            var options = Context.Options;
            return _backoff ??= new ReflectorBackoff(options.BackoffInitial, options.BackoffMax, options.BackoffReset, Context.Time, Context.Jitter);
        }
    }

    /// <summary>Starts the reflector (once: a stopped object is not started again).</summary>
    public void Start()
    {
        lock (this)
        {
            if (_stop is not null)
            {
                return;
            }

            _stop = new CancellationTokenSource();
        }

        Context.Metrics.WatchStarted();
        ObjectManagerLog.WatchStarted(Context.Logger, Context.Kind.Name, Namespace, Name);

        // On the thread pool: the caller holds the store's lock.
        ThreadPool.QueueUserWorkItem(static item => item.Run(), this, preferLocal: false);
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
        lock (this)
        {
            if (immutable)
            {
                _flags |= Flags.Immutable;
            }

            stop = _stop;
            if (stop is null || (_flags & Flags.Stopped) != 0)
            {
                return false;
            }

            _flags |= Flags.Stopped;
            if ((_flags & Flags.Immutable) == 0)
            {
                _flags &= ~Flags.Initialized;
            }
        }

        stop.Cancel();
        Context.Metrics.WatchStopped();
        return true;
    }

    /// <summary>Waits for the first list (upstream polls <c>hasSynced</c> for up to a second).</summary>
    /// <returns>Whether the store is synced.</returns>
    public async ValueTask<bool> WaitForSyncAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task synced;
        lock (this)
        {
            if ((_flags & Flags.Initialized) != 0)
            {
                return true;
            }

            // Made by the first reader that waits, and dropped by the list that completes it: a synced object keeps none.
            synced = (_synced ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await synced.WaitAsync(timeout, Context.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs the loop from its step until it must wait for a call, which resumes it when it completes. One step runs
    /// at a time: each waits for exactly one call, and only that call's completion runs the next.
    /// </summary>
    private void Run()
    {
        var stop = _stop!.Token;
        while (true)
        {
            if (stop.IsCancellationRequested && _step != Step.Ended)
            {
                End();
                return;
            }

            try
            {
                if (RunStep(stop))
                {
                    return;
                }
            }
            catch (Exception e)
            {
                // The reflector never dies: whatever the source throws, it backs off and lists again.
                if (stop.IsCancellationRequested)
                {
                    End();
                    return;
                }

                ObjectManagerLog.ListAndWatchFailed(Context.Logger, Context.Kind.Name, Namespace, Name, e.Message);
                _ = CloseWatch();
                _step = Step.Relist;
            }
        }
    }

    /// <summary>Runs one step; returns whether the loop now waits for a call (or has ended).</summary>
    private bool RunStep(CancellationToken stop)
    {
        switch (_step)
        {
            case Step.List:
                if (_relist)
                {
                    Context.Metrics.Relist("retry");
                }

                Context.Metrics.Fetch("list");
                _step = Step.Listed;
                return WaitFor(List(stop));

            case Step.Listed:
            case Step.ListedAfterExpired:
                ObjectList<T> list;
                try
                {
                    list = TakePending<ObjectList<T>>();
                }
                catch (ObjectSourceException e) when (e.IsExpired && _step == Step.Listed)
                {
                    // client-go relists at once, from the newest version, when the one it asked for is gone.
                    Context.Metrics.Relist("expired");
                    Context.Metrics.Fetch("list");
                    _step = Step.ListedAfterExpired;
                    return WaitFor(List(stop));
                }

                Replace(list.Item);
                _resourceVersion = list.ResourceVersion;
                _step = Step.Watch;
                return false;

            case Step.Watch:
                _watchStarted = Context.Time.GetTimestamp();
                _watchHadEvents = false;
                try
                {
                    _watch = Context.Source.WatchAsync(Namespace, Name, _resourceVersion!, stop).GetAsyncEnumerator(stop);
                }
                catch (ObjectSourceException e)
                {
                    return OnWatchEnd(e);
                }

                _step = Step.NextEvent;
                return false;

            case Step.NextEvent:
                ValueTask<bool> next;
                try
                {
                    next = _watch!.MoveNextAsync();
                }
                catch (ObjectSourceException e)
                {
                    return OnWatchEnd(e);
                }

                _step = Step.EventArrived;
                return WaitFor(next);

            case Step.EventArrived:
                return OnEvent();

            case Step.Relist:
            {
                // client-go's BackoffUntil: wait, then list and watch again.
                _relist = true;
                var delay = Backoff.Next();
                ObjectManagerLog.Relisting(Context.Logger, Context.Kind.Name, Namespace, Name, delay);
                _step = Step.List;
                return WaitFor(Task.Delay(delay, Context.Time, stop));
            }

            case Step.Rewatch:
                TakePending();
                Context.Metrics.WatchRestart("backoff");
                _step = Step.Watch;
                return false;

            default:
                return true;
        }
    }

    /// <summary>The watch's <c>MoveNextAsync</c> completed: apply the event, or see to the watch's end.</summary>
    private bool OnEvent()
    {
        WatchEvent<T>? change;
        try
        {
            var next = _next;
            _next = default;
            change = next.GetAwaiter().GetResult() ? _watch!.Current : null;
        }
        catch (ObjectSourceException e)
        {
            return OnWatchEnd(e);
        }

        if (change is null)
        {
            return OnWatchEnd(null);
        }

        _watchHadEvents = true;
        if (change.Type == WatchEventType.Error)
        {
            return OnWatchEnd(new ObjectSourceException(change.Status ?? new SourceStatus(500, "InternalError", "watch error without a status"), null));
        }

        Apply(change);
        if (!string.IsNullOrEmpty(change.ResourceVersion))
        {
            _resourceVersion = change.ResourceVersion;
        }

        _step = Step.NextEvent;
        return false;
    }

    /// <summary>
    /// The watch ended, by the server's close (<paramref name="failure"/> <see langword="null"/>), an error event or
    /// a failure of the source: decides what follows, as the reflector's loop does after <c>await foreach</c>.
    /// </summary>
    private bool OnWatchEnd(ObjectSourceException? failure)
    {
        // The stream is closed first, as await foreach closes it, and a failure to close is the cycle's failure.
        if (CloseWatch() is { } closeFailure)
        {
            ExceptionDispatchInfo.Throw(closeFailure);
        }

        var events = _watchHadEvents;
        if (failure is null || (failure.Status is null && events))
        {
            // The server closed the stream (or it broke after events, which Go's decoder sees as an end).
            if (!events && Context.Time.GetElapsedTime(_watchStarted) < ShortWatch)
            {
                throw new ObjectSourceException("very short watch: unexpected watch close - watch lasted less than a second and no items received");
            }

            Context.Metrics.WatchRestart("closed");
            _step = Step.Watch;
            return false;
        }

        if ((failure.Status is null && !events) || failure.Status?.Code == 429)
        {
            // Unreachable or throttled: watch again from where it was, after a backoff wait.
            var delay = Backoff.Next();
            ObjectManagerLog.WatchBackingOff(Context.Logger, Context.Kind.Name, Namespace, Name, failure.Message, delay);
            _step = Step.Rewatch;
            return WaitFor(Task.Delay(delay, Context.Time, _stop!.Token));
        }

        if (failure.IsExpired)
        {
            ObjectManagerLog.WatchExpired(Context.Logger, Context.Kind.Name, Namespace, Name, failure.Message);
        }
        else
        {
            ObjectManagerLog.WatchFailed(Context.Logger, Context.Kind.Name, Namespace, Name, failure.Message);
        }

        _step = Step.Relist;
        return false;
    }

    /// <summary>Lists the object; what the source throws at once is the list's failure, as if it came later.</summary>
    private Task<ObjectList<T>> List(CancellationToken stop)
    {
        try
        {
            return Context.Source.ListAsync(Namespace, Name, stop);
        }
        catch (Exception e)
        {
            return Task.FromException<ObjectList<T>>(e);
        }
    }

    /// <summary>Keeps <paramref name="call"/> as the pending call; returns whether the loop must wait for it.</summary>
    private bool WaitFor(Task call)
    {
        _pending = call;
        if (call.IsCompleted)
        {
            return false;
        }

        call.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resume);
        return true;
    }

    /// <inheritdoc cref="WaitFor(Task)"/>
    private bool WaitFor(ValueTask<bool> call)
    {
        _next = call;
        if (call.IsCompleted)
        {
            return false;
        }

        call.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resume);
        return true;
    }

    /// <summary>The pending call's outcome (it throws what the call threw).</summary>
    private void TakePending()
    {
        var pending = _pending!;
        _pending = null;
        pending.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="TakePending()"/>
    private TResult TakePending<TResult>()
    {
        var pending = (Task<TResult>)_pending!;
        _pending = null;
        return pending.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Closes the watch's stream, as <c>await foreach</c> does when it leaves the loop; returns what closing it threw.
    /// A stream whose closing must wait for a call is left to close on its own (nothing of it is used again).
    /// </summary>
    private Exception? CloseWatch()
    {
        var watch = _watch;
        _watch = null;
        if (watch is null)
        {
            return null;
        }

        try
        {
            var closed = watch.DisposeAsync();
            if (closed.IsCompleted)
            {
                closed.GetAwaiter().GetResult();
            }
            else
            {
                _ = closed.AsTask().ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>The loop ends, stopped: the call it waited for is observed, the stream closed and the loop's state dropped.</summary>
    private void End()
    {
        _step = Step.Ended;
        _ = _pending?.Exception;
        _pending = null;
        var next = _next;
        _next = default;
        if (next.IsCompleted)
        {
            try
            {
                next.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Stopped: how the stream ended no longer matters.
            }
        }

        _ = CloseWatch();
        _resourceVersion = null;
    }

    /// <summary>Upstream's <c>cacheStore.Replace</c>: the store holds what the list returned, and is synced.</summary>
    private void Replace(T? item)
    {
        bool changed;
        TaskCompletionSource? synced;
        lock (this)
        {
            item = _store.Shared(item, Namespace, Name);
            changed = (_flags & Flags.EverSynced) != 0 && Differs(_current, item);
            _current = item;
            _flags |= Flags.Initialized | Flags.EverSynced;
            synced = _synced;
            _synced = null;
        }

        synced?.TrySetResult();
        if (changed)
        {
            _store.OnChanged(this, item is null ? null : Context.Kind.ResourceVersion(item));
        }
    }

    private void Apply(WatchEvent<T> change)
    {
        T? now;
        lock (this)
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

            now = _store.Shared(now, Namespace, Name);
            _current = now;
        }

        _store.OnChanged(this, now is null ? null : Context.Kind.ResourceVersion(now));
    }

    private bool Differs(T? before, T? after) =>
        (before is null) != (after is null)
        || (before is not null && after is not null
            && !string.Equals(Context.Kind.ResourceVersion(before), Context.Kind.ResourceVersion(after), StringComparison.Ordinal));
}
