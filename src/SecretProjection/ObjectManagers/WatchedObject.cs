using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// One object of the watch-based store (upstream's <c>objectCacheItem</c>): its references, a single-object store and
/// the reflector that keeps it in step with the source (client-go's <c>Reflector.ListAndWatch</c> under
/// <c>wait.BackoffUntil</c>).
/// </summary>
/// <remarks>
/// The reflector lists the object by name (<c>fieldSelector=metadata.name=NAME</c>) and watches it from there; see
/// <see cref="Reflector{TList, T}"/> for the relist, resume and backoff rules, and for why the entry, its store and its
/// loop are one object: an idle watch costs this object (its own stop signal), its continuation and the source's side of the watch.
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class WatchedObject<T> : Reflector<ObjectList<T>, T>, IStoredObject
    where T : class
{
    private readonly WatchObjectStore<T> _store;
    private ReferenceCounts _references;

    // Guarded by lock (this): what readers and Stop share with the loop. Until the first list, the readers' wait for
    // it (a TaskCompletionSource, made by the first reader that waits); from the first list on, the object as last
    // listed or watched (null: it does not exist). One field for both, as the one ends where the other begins.
    private object? _currentOrSynced;

    public WatchedObject(WatchObjectStore<T> store, string @namespace, string name)
        : base(@namespace, name)
    {
        _store = store;
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

    /// <summary>The object's flags (in the reflector's <see cref="Reflector{TList, T}.StoreFlags"/>); guarded by <c>lock (this)</c>.</summary>
    private Flags State
    {
        get => (Flags)StoreFlags;
        set => StoreFlags = (byte)value;
    }

    /// <summary>Whether the reflector runs.</summary>
    public bool IsWatching
    {
        get
        {
            lock (this)
            {
                return StopSignal is not null && (State & Flags.Stopped) == 0;
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
                return CurrentLocked;
            }
        }
    }

    /// <inheritdoc/>
    public IStoredObject? NextByName { get; set; }

    /// <inheritdoc/>
    public ref ReferenceCounts References => ref _references;

    private ManagerContext<T> Context => _store.Context;

    /// <summary>The object as last listed or watched; under <c>lock (this)</c>.</summary>
    private T? CurrentLocked => (State & Flags.EverSynced) != 0 ? (T?)_currentOrSynced : null;

    /// <summary>Starts the reflector (once: a stopped object is not started again).</summary>
    public void Start()
    {
        if (!TryStart())
        {
            return;
        }

        Context.Metrics.WatchStarted();
        ObjectManagerLog.WatchStarted(Context.Logger, Context.Kind.Name, Namespace, Name);
        RunOnThreadPool();
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
                State |= Flags.Immutable;
            }

            stop = StopSignal;
            if (stop is null || (State & Flags.Stopped) != 0)
            {
                return false;
            }

            State |= Flags.Stopped;
            if ((State & Flags.Immutable) == 0)
            {
                State &= ~Flags.Initialized;
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
            if ((State & Flags.Initialized) != 0)
            {
                return true;
            }

            // Made by the first reader that waits, and dropped by the list that completes it: a synced object keeps none.
            // Synced once and stopped since (a mutable object no pod refers to any more), no list will come: the
            // reader waits out its timeout, as it would for a list that never completes.
            synced = (State & Flags.EverSynced) != 0
                ? new TaskCompletionSource().Task
                : ((TaskCompletionSource)(_currentOrSynced ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))).Task;
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

    /// <inheritdoc/>
    protected override ReflectorSettings Settings => Context.Reflector;

    /// <inheritdoc/>
    protected override Task<ObjectList<T>> ListAsync(CancellationToken cancellationToken) =>
        Context.Source.ListAsync(Namespace, Name, cancellationToken);

    /// <inheritdoc/>
    protected override string ResourceVersionOf(ObjectList<T> list) => list.ResourceVersion;

    /// <inheritdoc/>
    protected override IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        Context.Source.WatchAsync(Namespace, Name, resourceVersion, cancellationToken);

    /// <inheritdoc/>
    protected override void Replace(ObjectList<T> list) => Replace(list.Item);

    /// <summary>Upstream's <c>cacheStore.Replace</c>: the store holds what the list returned, and is synced.</summary>
    private void Replace(T? item)
    {
        bool changed;
        TaskCompletionSource? synced;
        lock (this)
        {
            item = _store.Shared(item, Namespace, Name);
            var everSynced = (State & Flags.EverSynced) != 0;
            changed = everSynced && Differs((T?)_currentOrSynced, item);
            synced = everSynced ? null : (TaskCompletionSource?)_currentOrSynced;
            _currentOrSynced = item;
            State |= Flags.Initialized | Flags.EverSynced;
        }

        synced?.TrySetResult();
        if (changed)
        {
            _store.OnChanged(this, item is null ? null : Context.Kind.ResourceVersion(item).ToString());
        }
    }

    /// <inheritdoc/>
    protected override void Apply(WatchEvent<T> change)
    {
        T? now;
        lock (this)
        {
            now = change.Type switch
            {
                WatchEventType.Added or WatchEventType.Modified when change.Object is not null => change.Object,
                WatchEventType.Deleted => null,
                _ => CurrentLocked,
            };

            if (!Differs(CurrentLocked, now))
            {
                return;
            }

            now = _store.Shared(now, Namespace, Name);
            _currentOrSynced = now;
        }

        _store.OnChanged(this, now is null ? null : Context.Kind.ResourceVersion(now).ToString());
    }

    private bool Differs(T? before, T? after) =>
        (before is null) != (after is null)
        || (before is not null && after is not null
            && !Context.Kind.ResourceVersion(before).Equals(Context.Kind.ResourceVersion(after)));
}
