using System.Globalization;
using System.Text.Json.Nodes;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// The objects, one global resourceVersion counter (etcd's revision), and a bounded history of events like the
/// API server's watch cache. Not thread-safe: the server calls it under its lock.
/// </summary>
internal sealed class ObjectStore
{
    private readonly SortedDictionary<(string Resource, string Namespace, string Name), JsonObject> _objects = new();
    private readonly Queue<StoredEvent> _history = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;

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

    public JsonObject? Get(ApiResource resource, string @namespace, string name) =>
        _objects.TryGetValue((resource.Resource, @namespace, name), out var json) ? json : null;

    /// <summary>The objects of one kind in one namespace, in key order as etcd lists them.</summary>
    public IEnumerable<JsonObject> List(ApiResource resource, string? @namespace) =>
        _objects.Where(e => e.Key.Resource == resource.Resource && (@namespace is null || e.Key.Namespace == @namespace)).Select(e => e.Value);

    /// <summary>Stores an object (create or replace), stamping a new resourceVersion; keeps uid and creation time of an existing one.</summary>
    public StoredEvent Put(ApiResource resource, JsonObject json)
    {
        var metadata = (JsonObject)json["metadata"]!;
        var name = ApiJson.StringAt(metadata, "name")!;
        var ns = ApiJson.StringAt(metadata, "namespace");
        if (string.IsNullOrEmpty(ns))
        {
            ns = "default";
            metadata["namespace"] = ns;
        }

        var key = (resource.Resource, ns, name);
        var existing = _objects.GetValueOrDefault(key);
        var existingMetadata = existing?["metadata"] as JsonObject;
        metadata["uid"] = ApiJson.StringAt(metadata, "uid") ?? (existingMetadata is null ? null : ApiJson.StringAt(existingMetadata, "uid")) ?? Guid.NewGuid().ToString();
        metadata["resourceVersion"] = Stamp();
        metadata["creationTimestamp"] = (existingMetadata is null ? null : ApiJson.StringAt(existingMetadata, "creationTimestamp"))
            ?? _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        json["metadata"] = InGoOrder(metadata);
        _objects[key] = json;
        return Record(resource, ns, name, existing is null ? "ADDED" : "MODIFIED", json);
    }

    /// <summary>Deletes an object; the event carries its last state stamped with the deletion's resourceVersion.</summary>
    public StoredEvent? Delete(ApiResource resource, string @namespace, string name)
    {
        if (!_objects.Remove((resource.Resource, @namespace, name), out var json))
        {
            return null;
        }

        ((JsonObject)json["metadata"]!)["resourceVersion"] = Stamp();
        return Record(resource, @namespace, name, "DELETED", json);
    }

    /// <summary>The events after <paramref name="resourceVersion"/>, oldest first.</summary>
    public IEnumerable<StoredEvent> EventsAfter(long resourceVersion) => _history.Where(e => e.ResourceVersion > resourceVersion);

    /// <summary>Forgets every event: a watch from any resourceVersion before the current one now gets 410.</summary>
    public void Compact()
    {
        _history.Clear();
        _floor = ResourceVersion + 1;
    }

    // ObjectMeta's fields in the order of its Go struct, which is the order the API server writes them.
    private static readonly string[] MetadataOrder =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    private static JsonObject InGoOrder(JsonObject metadata)
    {
        var ordered = new JsonObject();
        foreach (var (key, value) in metadata.OrderBy(e => Array.IndexOf(MetadataOrder, e.Key) is var i and >= 0 ? i : MetadataOrder.Length).ToList())
        {
            metadata.Remove(key);
            ordered[key] = value;
        }

        return ordered;
    }

    private string Stamp() => (++ResourceVersion).ToString(CultureInfo.InvariantCulture);

    private StoredEvent Record(ApiResource resource, string @namespace, string name, string type, JsonObject json)
    {
        var line = ApiJson.Serialize(new JsonObject { ["type"] = type, ["object"] = json.DeepClone() });
        var stored = new StoredEvent(ResourceVersion, resource, @namespace, name, line, FieldFilter.NodeNameOf(json));
        _history.Enqueue(stored);
        while (_history.Count > _capacity)
        {
            _history.Dequeue();
            _floor = _history.Count > 0 ? _history.Peek().ResourceVersion : ResourceVersion + 1;
        }

        return stored;
    }
}
