using System.Runtime.CompilerServices;
using SecretProjection.Sources;
using SecretProjection.Testing.Api;

namespace SecretProjection.Testing.Sources;

/// <summary>
/// The Secrets or ConfigMaps of a simulated API server (<see cref="ApiServerState"/>), called directly instead of
/// over HTTP: the same objects, resourceVersions, history (a watch from an older resourceVersion replays what came
/// after it, so a watch resumed after a dropped stream loses nothing; one from before a compaction answers 410),
/// bookmarks and faults, those the state injects for every request and those scripted here for the next calls of
/// this kind: a failed get, list or watch, an expired (410) list or watch, a watch that ends after N events. Counts
/// calls and open watches of this kind, and lets a test wait for a condition on them.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
/// <remarks>
/// Thread-safe. Create one with <see cref="InMemoryObjectSource.ForSecrets"/> or <see cref="InMemoryObjectSource.ForConfigMaps"/>.
/// Each call is recorded in <see cref="ApiServerState.Requests"/> as the request KubernetesClient would send for it.
/// </remarks>
public sealed class InMemoryObjectSource<T> : IObjectSource<T>
    where T : class
{
    private readonly ApiResource _resource;

    internal InMemoryObjectSource(ApiServerState state, ApiResource resource)
    {
        State = state;
        _resource = resource;
    }

    /// <summary>The simulated API server's state this source reads.</summary>
    public ApiServerState State { get; }

    /// <summary>The newest resourceVersion: that of the last change of any kind, <c>1</c> before any.</summary>
    public string ResourceVersion => State.ResourceVersion;

    /// <summary>Calls of <see cref="GetAsync"/> (gets of this kind) so far.</summary>
    public int GetCalls => State.Calls(_resource, ApiVerb.Get);

    /// <summary>Calls of <see cref="ListAsync"/> (lists of this kind) so far.</summary>
    public int ListCalls => State.Calls(_resource, ApiVerb.List);

    /// <summary>Calls of <see cref="WatchAsync"/> (watches of this kind) so far.</summary>
    public int WatchCalls => State.Calls(_resource, ApiVerb.Watch);

    /// <summary>The resourceVersion each watch of this kind so far started from, in call order (empty when the state keeps no requests).</summary>
    public IReadOnlyList<string> WatchResourceVersions =>
        State.Requests.Where(r => r.IsWatch && r.Path.EndsWith("/" + _resource.Plural, StringComparison.Ordinal)).Select(r => r.QueryValue("resourceVersion") ?? string.Empty).ToArray();

    /// <summary>The watches of this kind open now.</summary>
    public int OpenWatches => State.OpenWatchesOf(_resource);

    /// <summary>The objects with a watch of their own open now, as <c>namespace/name</c>, each once, in ordinal order.</summary>
    public IReadOnlyList<string> WatchedObjects => State.WatchedObjects(_resource);

    /// <summary>Creates or replaces an object, as the API server stores it: with the next resourceVersion. Open watches of it get Added or Modified.</summary>
    /// <param name="value">The object; its resourceVersion is ignored.</param>
    /// <returns>The object as stored.</returns>
    public T Put(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return (T)State.PutModel(_resource, value);
    }

    /// <summary>Deletes an object. Open watches of it get Deleted with its last state at a new resourceVersion.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>Whether it existed.</returns>
    public bool Delete(string @namespace, string name) => State.DeleteObject(new ObjectKey(_resource, @namespace, name));

    /// <summary>The object as stored now, or <see langword="null"/>.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>The object.</returns>
    public T? Find(string @namespace, string name) => (T?)State.FindModel(new ObjectKey(_resource, @namespace, name));

    /// <summary>Sends every open watch a bookmark with the newest resourceVersion.</summary>
    public void Bookmark() => State.SendBookmarks();

    /// <summary>Forgets the event history, as etcd compacts: a watch from an older resourceVersion answers 410.</summary>
    public void Compact() => State.CompactHistory();

    /// <summary>Ends every open watch stream, as the server does when its watch timeout passes.</summary>
    public void EndOpenWatches() => State.DropWatches();

    /// <summary>The next get answers with a failure.</summary>
    /// <param name="reason">The failure's message.</param>
    public void FailNextGet(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Script(ApiVerb.Get, ApiFaultKind.Status, new SourceStatus(500, "InternalError", reason));
    }

    /// <summary>The next list throws an <see cref="ObjectSourceException"/>.</summary>
    /// <param name="status">The server's status; <see langword="null"/> for an unreachable server.</param>
    public void FailNextList(SourceStatus? status = null) => Script(ApiVerb.List, status is null ? ApiFaultKind.Unreachable : ApiFaultKind.Status, status);

    /// <summary>The next list answers 410 Expired.</summary>
    public void ExpireNextList() => FailNextList(Expired);

    /// <summary>The next watch cannot start: it throws an <see cref="ObjectSourceException"/>.</summary>
    /// <param name="status">The server's status; <see langword="null"/> for an unreachable server.</param>
    public void FailNextWatch(SourceStatus? status = null) => Script(ApiVerb.Watch, status is null ? ApiFaultKind.Unreachable : ApiFaultKind.Status, status);

    /// <summary>The next watch answers 410 Expired, as an ERROR event (the API server's way) or as an exception.</summary>
    /// <param name="asErrorEvent">Whether it is an ERROR event rather than an exception.</param>
    public void ExpireNextWatch(bool asErrorEvent = true) => Script(ApiVerb.Watch, asErrorEvent ? ApiFaultKind.ExpiredEvent : ApiFaultKind.Status, Expired);

    /// <summary>The next watch stream ends after delivering <paramref name="events"/> events (replayed ones and bookmarks count).</summary>
    /// <param name="events">The number of events.</param>
    public void EndNextWatchAfter(int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        State.Script(new ApiFault(ApiVerb.Watch, _resource, ApiFaultKind.EndAfter, EndAfter: events));
    }

    /// <summary>Waits until <paramref name="condition"/> holds; it is checked after every call, change, bookmark and opened or closed watch.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="cancellationToken">Stops the wait (give it a timeout that bounds a hang).</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public async Task WaitUntilAsync(Func<InMemoryObjectSource<T>, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var changed = State.Changed();
            if (condition(this))
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(State.GetModel<T>(_resource, @namespace, name));
    }

    /// <inheritdoc/>
    public Task<ObjectList<T>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(State.ListModel<T>(_resource, @namespace, name));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string @namespace, string name, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stream = State.WatchModel(_resource, @namespace, name, resourceVersion);
        while (await stream.ReadAsync(cancellationToken).ConfigureAwait(false) is var (item, cut))
        {
            if (cut)
            {
                throw new ObjectSourceException("the watch stream broke in the middle of an event");
            }

            yield return item.Type switch
            {
                "ERROR" => new WatchEvent<T>(WatchEventType.Error, null, null, item.Status),
                "BOOKMARK" => new WatchEvent<T>(WatchEventType.Bookmark, null, Format(item.ResourceVersion)),
                _ => new WatchEvent<T>(TypeOf(item.Type), (T)item.Model!, Format(item.ResourceVersion)),
            };
        }
    }

    private static SourceStatus Expired { get; } = new(410, "Expired", "too old resource version: 0");

    private static string Format(long resourceVersion) => resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static WatchEventType TypeOf(string type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        _ => WatchEventType.Deleted,
    };

    private void Script(ApiVerb verb, ApiFaultKind kind, SourceStatus? status) =>
        State.Script(new ApiFault(verb, _resource, kind, status is null ? null : ApiStatus.Failure(status.Code, status.Reason, status.Message)));
}
