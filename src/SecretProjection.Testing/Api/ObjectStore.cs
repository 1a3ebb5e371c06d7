using System.Globalization;
using System.Text.Json.Nodes;

namespace SecretProjection.Testing.Api;

/// <summary>
/// The objects, one global resourceVersion counter (etcd's revision), and a bounded history of events like the API
/// server's watch cache, kept in order and by object, so that a watch of one object replays its own events without
/// reading anyone else's. Not thread-safe: the state calls it under its lock.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<ObjectKey, ApiObject> _objects = [];
    private readonly Queue<StoredEvent> _history = new();
    private readonly Dictionary<ObjectKey, Queue<StoredEvent>> _historyByObject = [];
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private long _uids;

    // The resourceVersion of the oldest event a watch may still need: a watch from rv is served from history
    // when rv >= _floor - 1, as the watch cache's "resourceVersion < oldest-1" test (watch_cache.go).
    private long _floor;

    public ObjectStore(int capacity, TimeProvider time)
    {
        _capacity = capacity;
        _time = time;
        ResourceVersion = 1;
        _floor = ResourceVersion + 1;
    }

    /// <summary>The latest resourceVersion stamped.</summary>
    public long ResourceVersion { get; private set; }

    /// <summary>The oldest resourceVersion a watch may resume from.</summary>
    public long OldestWatchable => _floor - 1;

    public ApiObject? Get(ObjectKey key) => _objects.GetValueOrDefault(key);

    /// <summary>The objects of a resource, in one namespace or in all (<see langword="null"/>), in key order as etcd lists them.</summary>
    public IEnumerable<ApiObject> List(ApiResource resource, string? @namespace) =>
        _objects.Values
            .Where(o => o.Resource == resource && (@namespace is null || o.Namespace == @namespace))
            .OrderBy(o => o.Namespace, StringComparer.Ordinal)
            .ThenBy(o => o.Name, StringComparer.Ordinal);

    /// <summary>Stores a model object (create or replace) with the next resourceVersion; keeps the uid and creation time of an existing one.</summary>
    public (StoredEvent Event, object Stored) PutModel(ApiResource resource, object value)
    {
        var codec = resource.Codec!;
        var (ns, name) = codec.KeyOf(value);
        var key = new ObjectKey(resource, ns, name);
        var existing = _objects.GetValueOrDefault(key);
        var uid = codec.UidOf(value) ?? existing?.Uid ?? NewUid();
        var resourceVersion = ++ResourceVersion;
        var stored = codec.Stamp(value, Text(resourceVersion), uid);
        return (Store(new ApiObject(resource, ns, name, resourceVersion, uid, existing?.CreationTimestamp ?? Now(), json: null, stored), existing), stored);
    }

    /// <summary>Stores an object given as JSON (checked and normalized by <see cref="ApiJson.Parse"/>) with the next resourceVersion.</summary>
    public StoredEvent PutJson(ApiResource resource, JsonObject json)
    {
        var metadata = (JsonObject)json["metadata"]!;
        var name = ApiJson.StringAt(metadata, "name")!;
        var ns = ApiJson.StringAt(metadata, "namespace") ?? string.Empty;
        var key = new ObjectKey(resource, ns, name);
        var existing = _objects.GetValueOrDefault(key);
        var uid = ApiJson.StringAt(metadata, "uid") ?? existing?.Uid ?? NewUid();
        var created = existing?.CreationTimestamp ?? Now();
        var resourceVersion = ++ResourceVersion;
        metadata["uid"] = uid;
        metadata["resourceVersion"] = Text(resourceVersion);
        metadata["creationTimestamp"] = created;
        json["metadata"] = ApiJson.InGoOrder(metadata);
        return Store(new ApiObject(resource, ns, name, resourceVersion, uid, created, json, model: null), existing);
    }

    /// <summary>Deletes an object; the event carries its last state stamped with the deletion's resourceVersion.</summary>
    public StoredEvent? Delete(ObjectKey key)
    {
        if (!_objects.Remove(key, out var last))
        {
            return null;
        }

        return Record(new StoredEvent("DELETED", last.WithResourceVersion(++ResourceVersion), last));
    }

    /// <summary>The events after <paramref name="resourceVersion"/>, oldest first: of one object, or of all.</summary>
    public IEnumerable<StoredEvent> EventsAfter(long resourceVersion, ObjectKey? of = null)
    {
        IEnumerable<StoredEvent> events = of is { } key ? _historyByObject.GetValueOrDefault(key) ?? [] : _history;
        return events.Where(e => e.ResourceVersion > resourceVersion);
    }

    /// <summary>Forgets every event: a watch from any resourceVersion before the current one now gets 410.</summary>
    public void Compact()
    {
        _history.Clear();
        _historyByObject.Clear();
        _floor = ResourceVersion + 1;
    }

    private static string Text(long resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>A uid that differs from every other this store gave, and is the same on every run.</summary>
    private string NewUid() => string.Create(CultureInfo.InvariantCulture, $"5ec7e7a0-0000-4000-8000-{++_uids:x12}");

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private StoredEvent Store(ApiObject stored, ApiObject? existing)
    {
        _objects[stored.Key] = stored;
        return Record(new StoredEvent(existing is null ? "ADDED" : "MODIFIED", stored, existing));
    }

    private StoredEvent Record(StoredEvent stored)
    {
        _history.Enqueue(stored);
        if (!_historyByObject.TryGetValue(stored.Key, out var own))
        {
            own = new Queue<StoredEvent>();
            _historyByObject[stored.Key] = own;
        }

        own.Enqueue(stored);
        while (_history.Count > _capacity)
        {
            // Both queues are in resourceVersion order: the oldest event overall is its object's oldest.
            var oldest = _history.Dequeue();
            var queue = _historyByObject[oldest.Key];
            queue.Dequeue();
            if (queue.Count == 0)
            {
                _historyByObject.Remove(oldest.Key);
            }

            _floor = _history.Count > 0 ? _history.Peek().ResourceVersion : ResourceVersion + 1;
        }

        return stored;
    }
}
