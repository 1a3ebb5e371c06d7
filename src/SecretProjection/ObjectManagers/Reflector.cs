using System.Runtime.ExceptionServices;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// client-go's <c>Reflector.ListAndWatch</c> under <c>wait.BackoffUntil</c>, the one home of its rules: the
/// watch-based store's single objects (<see cref="WatchedObject{T}"/>) and the node agent's pods of a node.
/// </summary>
/// <remarks>
/// <para>
/// The loop: list and replace the store with the answer; watch from the list's resourceVersion, applying each
/// event and remembering its resourceVersion (bookmarks included). A stream that simply ends is watched again at
/// once from the last resourceVersion; a stream that ends within a second without any event is an error. An
/// expired resourceVersion (410) or another failure ends the cycle: after a backoff wait the store is listed
/// again. A watch that cannot start because the source is unreachable, or that is throttled (429), is retried
/// after a backoff wait without a list. A list answered with 410 is retried at once.
/// </para>
/// <para>
/// A store keeps one reflector per watched object, thousands on a node, so the loop is a state and a continuation
/// (<see cref="Run"/>, handed to whichever call it waits for) rather than async methods whose state
/// machines would live as long as the watch. For the same reason it is its own stop signal (a
/// <see cref="CancellationTokenSource"/>: one object and no reference where a source of its own would be 48 bytes and a
/// field), and the watch-based store's entry is the object's references, store and reflector in one object
/// (<see cref="WatchedObject{T}"/>). A stop signal is never shared: each reflector stops alone.
/// </para>
/// </remarks>
/// <typeparam name="TList">What a list answers.</typeparam>
/// <typeparam name="T">The object type.</typeparam>
internal abstract class Reflector<TList, T> : CancellationTokenSource
    where T : class
{
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    // A byte of the derived store's own state (guarded by its lock), kept beside the loop's small fields: with
    // thousands of reflectors, a byte field in the derived class would cost each a word of padding.
    private protected byte StoreFlags;

    // The loop's own: only the one running step touches them (but TryStart, which moves _step on from Unstarted
    // before the loop runs).
    private Step _step;
    private Loop _loop;

    // The call the loop waits for (a Task: a list or a backoff wait) or the open watch's stream: never both at once,
    // as a stream is closed before anything else is waited for, so they share a field (a word per reflector).
    private object? _call;
    private ValueTask<bool> _next;

    // Where the next watch starts; compact, as every reflector keeps one for as long as it watches.
    private CompactResourceVersion _resourceVersion;
    private long _watchStarted;
    private ReflectorBackoff? _backoff;

    /// <param name="namespace">The namespace, as the logs name it.</param>
    /// <param name="name">The object's name or the selector, as the logs name it.</param>
    protected Reflector(string @namespace, string name)
    {
        Namespace = @namespace;
        Name = name;
    }

    /// <summary>Where the loop goes when it runs next.</summary>
    private enum Step : byte
    {
        // Before TryStart (which moves it on to List under lock (this)): the loop has not run.
        Unstarted,
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

    /// <summary>The namespace, as the logs name it.</summary>
    public string Namespace { get; }

    /// <summary>The object's name or the selector, as the logs name it.</summary>
    public string Name { get; }

    /// <summary>
    /// The loop's flags, in one byte: a reflector's bytes fit in the padding after its stop signal's fields, and one more
    /// would cost it a word.
    /// </summary>
    [Flags]
    private enum Loop : byte
    {
        None = 0,

        /// <summary>A list after a failure, not the first (a relist in the metrics).</summary>
        Relisting = 1,

        /// <summary>The open watch has delivered an event.</summary>
        WatchHadEvents = 2,
    }

    /// <summary>What every reflector of one kind shares.</summary>
    protected abstract ReflectorSettings Settings { get; }

    /// <summary>The stop signal (the reflector itself); <see langword="null"/> before <see cref="TryStart"/>. Read under <c>lock (this)</c>.</summary>
    protected CancellationTokenSource? StopSignal => _step == Step.Unstarted ? null : this;

    private ReflectorBackoff Backoff
    {
        get
        {
            // Made at the first failure: most reflectors never fail, and a synced store of thousands keeps none.
            var settings = Settings;
            var options = settings.Options;
            return _backoff ??= new ReflectorBackoff(options.BackoffInitial, options.BackoffMax, options.BackoffReset, settings.Time, settings.Jitter);
        }
    }

    /// <summary>Arms the stop signal (once); returns whether this call did, and so must call <see cref="RunOnThreadPool"/>.</summary>
    protected bool TryStart()
    {
        lock (this)
        {
            if (_step != Step.Unstarted)
            {
                return false;
            }

            _step = Step.List;
            return true;
        }
    }

    /// <summary>The open watch's stream (in the steps that have one).</summary>
    private IAsyncEnumerator<WatchEvent<T>> Watch => (IAsyncEnumerator<WatchEvent<T>>)_call!;

    /// <summary>Runs the loop on the thread pool (callers may hold a store's lock).</summary>
    protected void RunOnThreadPool() => ThreadPool.QueueUserWorkItem(static item => item.Run(), this, preferLocal: false);

    /// <summary>Lists.</summary>
    /// <exception cref="ObjectSourceException">The list failed.</exception>
    protected abstract Task<TList> ListAsync(CancellationToken cancellationToken);

    /// <summary>The list's resourceVersion, to watch from.</summary>
    protected abstract string ResourceVersionOf(TList list);

    /// <summary>Watches from <paramref name="resourceVersion"/>.</summary>
    protected abstract IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);

    /// <summary>Upstream's <c>store.Replace</c>: the store holds what the list returned, and is synced.</summary>
    protected abstract void Replace(TList list);

    /// <summary>Applies an Added, Modified, Deleted or Bookmark event.</summary>
    protected abstract void Apply(WatchEvent<T> change);

    /// <summary>The loop has ended, stopped.</summary>
    protected virtual void OnEnded()
    {
    }

    /// <summary>
    /// Runs the loop from its step until it must wait for a call, which resumes it when it completes. One step runs
    /// at a time: each waits for exactly one call, and only that call's completion runs the next.
    /// </summary>
    private void Run()
    {
        var stop = Token;
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

                ObjectManagerLog.ListAndWatchFailed(Settings.Logger, Settings.Kind, Namespace, Name, e.Message);
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
                if ((_loop & Loop.Relisting) != 0)
                {
                    Settings.Metrics.Relist("retry");
                }

                Settings.Metrics.Fetch("list");
                _step = Step.Listed;
                return WaitFor(List(stop));

            case Step.Listed:
            case Step.ListedAfterExpired:
                TList list;
                try
                {
                    list = TakePending<TList>();
                }
                catch (ObjectSourceException e) when (e.IsExpired && _step == Step.Listed)
                {
                    // client-go relists at once, from the newest version, when the one it asked for is gone.
                    Settings.Metrics.Relist("expired");
                    Settings.Metrics.Fetch("list");
                    _step = Step.ListedAfterExpired;
                    return WaitFor(List(stop));
                }

                Replace(list);
                _resourceVersion = CompactResourceVersion.From(ResourceVersionOf(list));
                _step = Step.Watch;
                return false;

            case Step.Watch:
                _watchStarted = Settings.Time.GetTimestamp();
                _loop &= ~Loop.WatchHadEvents;
                try
                {
                    _call = WatchAsync(_resourceVersion.ToString()!, stop).GetAsyncEnumerator(stop);
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
                    next = Watch.MoveNextAsync();
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
                _loop |= Loop.Relisting;
                var delay = Backoff.Next();
                ObjectManagerLog.Relisting(Settings.Logger, Settings.Kind, Namespace, Name, delay);
                _step = Step.List;
                return WaitFor(Task.Delay(delay, Settings.Time, stop));
            }

            case Step.Rewatch:
                TakePending();
                Settings.Metrics.WatchRestart("backoff");
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
            change = next.GetAwaiter().GetResult() ? Watch.Current : null;
        }
        catch (ObjectSourceException e)
        {
            return OnWatchEnd(e);
        }

        if (change is null)
        {
            return OnWatchEnd(null);
        }

        _loop |= Loop.WatchHadEvents;
        if (change.Type == WatchEventType.Error)
        {
            return OnWatchEnd(new ObjectSourceException(change.Status ?? new SourceStatus(500, "InternalError", "watch error without a status"), null));
        }

        Apply(change);
        if (!string.IsNullOrEmpty(change.ResourceVersion))
        {
            _resourceVersion = CompactResourceVersion.From(change.ResourceVersion);
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

        var events = (_loop & Loop.WatchHadEvents) != 0;
        if (failure is null || (failure.Status is null && events))
        {
            // The server closed the stream (or it broke after events, which Go's decoder sees as an end).
            if (!events && Settings.Time.GetElapsedTime(_watchStarted) < ShortWatch)
            {
                throw new ObjectSourceException("very short watch: unexpected watch close - watch lasted less than a second and no items received");
            }

            Settings.Metrics.WatchRestart("closed");
            _step = Step.Watch;
            return false;
        }

        if ((failure.Status is null && !events) || failure.Status?.Code == 429)
        {
            // Unreachable or throttled: watch again from where it was, after a backoff wait.
            var delay = Backoff.Next();
            ObjectManagerLog.WatchBackingOff(Settings.Logger, Settings.Kind, Namespace, Name, failure.Message, delay);
            _step = Step.Rewatch;
            return WaitFor(Task.Delay(delay, Settings.Time, Token));
        }

        if (failure.IsExpired)
        {
            ObjectManagerLog.WatchExpired(Settings.Logger, Settings.Kind, Namespace, Name, failure.Message);
        }
        else
        {
            ObjectManagerLog.WatchFailed(Settings.Logger, Settings.Kind, Namespace, Name, failure.Message);
        }

        _step = Step.Relist;
        return false;
    }

    /// <summary>Lists; what the source throws at once is the list's failure, as if it came later.</summary>
    private Task<TList> List(CancellationToken stop)
    {
        try
        {
            return ListAsync(stop);
        }
        catch (Exception e)
        {
            return Task.FromException<TList>(e);
        }
    }

    /// <summary>Keeps <paramref name="call"/> as the pending call; returns whether the loop must wait for it.</summary>
    /// <remarks>
    /// The continuation is made for each wait, not kept in a field: the call holds it while the loop waits, which an
    /// idle watch always does, so a field would only add a word per reflector.
    /// </remarks>
    private bool WaitFor(Task call)
    {
        _call = call;
        if (call.IsCompleted)
        {
            return false;
        }

        call.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Run);
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

        call.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Run);
        return true;
    }

    /// <summary>The pending call's outcome (it throws what the call threw).</summary>
    private void TakePending()
    {
        var pending = (Task)_call!;
        _call = null;
        pending.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="TakePending()"/>
    private TResult TakePending<TResult>()
    {
        var pending = (Task<TResult>)_call!;
        _call = null;
        return pending.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Closes the watch's stream, as <c>await foreach</c> does when it leaves the loop; returns what closing it threw.
    /// A stream whose closing must wait for a call is left to close on its own (nothing of it is used again).
    /// </summary>
    private Exception? CloseWatch()
    {
        if (_call is not IAsyncEnumerator<WatchEvent<T>> watch)
        {
            return null;
        }

        _call = null;

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
        if (_call is Task pending)
        {
            _ = pending.Exception;
            _call = null;
        }

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
        _resourceVersion = default;
        OnEnded();
    }
}
