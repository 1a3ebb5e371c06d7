using System.Diagnostics;
using SecretProjection.Diagnostics;
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

    private readonly ObjectsByName<WatchedObject<T>> _items = new();
    private bool _disposed;

    public WatchObjectStore(ManagerContext<T> context)
    {
        Context = context;
    }

    public event EventHandler<ObjectChangedEventArgs>? Changed;

    public ManagerContext<T> Context { get; }

    /// <summary>The objects whose reflector runs (for tests and diagnostics).</summary>
    internal IReadOnlyList<(string Namespace, string Name)> Watching
    {
        get
        {
            lock (_lock)
            {
                return _items.Items.Where(i => i.IsWatching).Select(i => (i.Namespace, i.Name)).ToArray();
            }
        }
    }

    /// <summary>The references of an object (for tests).</summary>
    internal int References(string @namespace, string name, string? podUid = null)
    {
        lock (_lock)
        {
            return !_items.TryGetValue(@namespace, name, out var item) ? 0
                : podUid is null ? item.References.References : item.References.ReferencesOf(podUid);
        }
    }

    public void AddReference(string @namespace, string name, string podUid)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_items.TryGetValue(@namespace, name, out var item))
            {
                // The first reference starts the reflector; the first read waits for it to sync.
                item = new WatchedObject<T>(this, @namespace, name);
                _items.Add(item);
                item.Start();
            }

            item.References.AddReference(podUid);
        }
    }

    public void DeleteReference(string @namespace, string name, string podUid)
    {
        lock (_lock)
        {
            if (_items.TryGetValue(@namespace, name, out var item) && item.References.RemoveReference(podUid) && item.References.IsUnreferenced)
            {
                _items.Remove(item);
                if (item.Stop())
                {
                    ObjectManagerLog.WatchStopped(Context.Logger, Context.Kind.Name, @namespace, name);
                }
            }
        }
    }

    public async ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        WatchedObject<T>? item;
        lock (_lock)
        {
            _items.TryGetValue(@namespace, name, out item);
        }

        if (item is null)
        {
            return LookupResult<T>.Failed(ManagedKind<T>.NotRegistered(@namespace, name));
        }

        if (!await item.WaitForSyncAsync(Context.Options.SyncTimeout, cancellationToken).ConfigureAwait(false))
        {
            return LookupResult<T>.Failed(Context.Kind.SyncTimedOut);
        }

        Context.Metrics.CacheHit();
        var current = item.Current;
        if (current is null)
        {
            return LookupResult<T>.NotFound();
        }

        if (Context.Kind.IsImmutable(current) && item.Stop(immutable: true))
        {
            ObjectManagerLog.StoppedImmutable(Context.Logger, Context.Kind.Name, @namespace, name);
        }

        return LookupResult<T>.Found(current);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var item in _items.Items)
            {
                item.Stop();
            }

            _items.Clear();
        }
    }

    /// <summary>The object to keep for a name: its names are the store's own (the registered pods'), so it keeps no copy.</summary>
    internal T? Shared(T? item, string @namespace, string name) => item is null ? null : Context.Kind.WithNames(item, @namespace, name);

    /// <summary>Raises <see cref="Changed"/> for an object whose reflector saw it change.</summary>
    internal void OnChanged(WatchedObject<T> item, string? resourceVersion)
    {
        try
        {
            using var activity = SecretProjectionActivities.Source.StartActivity(SecretProjectionActivities.ObjectChange, ActivityKind.Consumer);
            activity?.SetTag("secretprojection.object.kind", Context.Kind.Name)
                .SetTag("secretprojection.object.namespace", item.Namespace)
                .SetTag("secretprojection.object.name", item.Name)
                .SetTag("secretprojection.object.resource_version", resourceVersion);
            Changed?.Invoke(this, new ObjectChangedEventArgs(Context.Kind.Reference(item.Namespace, item.Name), resourceVersion) { Context = activity?.Context ?? default });
        }
        catch (Exception e)
        {
            // A failing handler must not stop the watch.
            ObjectManagerLog.ChangedHandlerFailed(Context.Logger, e, Context.Kind.Name, item.Namespace, item.Name);
        }
    }
}
