using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// Upstream's <c>cacheBasedManager</c>: keeps the registered pods (by namespace, name and uid) and turns their
/// registration into references in a store (TTL or watch).
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class CacheBasedManager<T> : IObjectManager<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly ManagedKind<T> _kind;
    // The names each registered pod references, as computed when it registered: what its unregistration drops
    // (kept as an array: smaller than the set, and not computed again from the pod).
    private readonly Dictionary<(string Namespace, string Name, string Uid), string[]> _pods = [];
    private readonly ObjectManagerMetrics _metrics;

    public CacheBasedManager(ManagedKind<T> kind, IObjectStore<T> store, ObjectManagerMetrics metrics)
    {
        _kind = kind;
        Store = store;
        _metrics = metrics;
    }

    public event EventHandler<ObjectChangedEventArgs>? Changed
    {
        add => Store.Changed += value;
        remove => Store.Changed -= value;
    }

    internal IObjectStore<T> Store { get; }

    public ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(name);
        return Store.GetAsync(@namespace, name, cancellationToken);
    }

    public void RegisterPod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var names = _kind.ReferencedNames(pod);
        var uid = pod.Uid ?? string.Empty;
        lock (_lock)
        {
            // New references first, then the old ones dropped: an object the pod keeps is never unwatched.
            foreach (var name in names)
            {
                Store.AddReference(pod.Namespace, name, uid);
            }

            var key = (pod.Namespace, pod.Name, uid);
            if (_pods.TryGetValue(key, out var previous))
            {
                foreach (var name in previous)
                {
                    Store.DeleteReference(pod.Namespace, name, uid);
                }
            }

            _pods[key] = [.. names];
        }
    }

    public void UnregisterPod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var uid = pod.Uid ?? string.Empty;
        lock (_lock)
        {
            if (_pods.Remove((pod.Namespace, pod.Name, uid), out var previous))
            {
                foreach (var name in previous)
                {
                    Store.DeleteReference(pod.Namespace, name, uid);
                }
            }
        }
    }

    public void Dispose() => Store.Dispose();
}
