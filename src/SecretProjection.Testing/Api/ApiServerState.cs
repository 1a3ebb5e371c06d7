using System.Globalization;
using System.Text.Json.Nodes;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Testing.Api;

/// <summary>
/// A Kubernetes API server without its transport: the objects, one resourceVersion counter that every write
/// stamps (etcd's revision), a bounded history of events like the watch cache's, the open watches, the injected
/// faults and every request received. The in-memory sources (<see cref="Sources.InMemoryObjectSource"/>) call it
/// directly; an HTTP server (the <c>SecretProjection.Kubernetes.Testing</c> package's) answers each request with
/// <see cref="Serve"/>. One state can serve both at once: a Secret put here is seen by both.
/// </summary>
/// <remarks>
/// <para>
/// What it serves, as the API server does: Secrets, ConfigMaps, ServiceAccounts and Pods (in a namespace, and Pods in
/// all namespaces), Nodes, and certificates.k8s.io ClusterTrustBundles (v1beta1 and v1alpha1, cluster-scoped): a GET
/// of one; a list or watch with <c>fieldSelector</c> (<c>metadata.name</c>, <c>metadata.namespace</c>, and each
/// resource's own labels, such as a Pod's <c>spec.nodeName</c>) and <c>labelSelector</c>, <c>resourceVersion</c>,
/// <c>allowWatchBookmarks</c> and <c>timeoutSeconds</c>; a watch sends <c>ADDED</c> and <c>DELETED</c> as an object
/// enters or leaves its selection; TokenRequests (<c>POST …/serviceaccounts/NAME/token</c>); the discovery documents
/// and <c>/version</c>; <c>Status</c> objects for every failure. A watch from a resourceVersion older than the history
/// gets HTTP 200 and one <c>ERROR</c> event with a 410 <c>Expired</c> status (<c>too old resource version: 5 (7)</c>),
/// a list from one gets HTTP 410.
/// </para>
/// <para>
/// Writes go through this class (<see cref="PutJson"/>, <see cref="Delete"/>, …), not through the API, and are not
/// validated as the API server would (an immutable Secret can be replaced): the test decides. <c>limit</c>,
/// <c>resourceVersionMatch</c> and <c>sendInitialEvents</c> are ignored. Thread-safe.
/// </para>
/// </remarks>
public sealed class ApiServerState
{
    private const string Unreachable = "dial tcp 127.0.0.1:6443: connect: connection refused";

    private readonly Lock _gate = new();
    private readonly ApiServerStateOptions _options;
    private readonly ObjectStore _store;
    private readonly Dictionary<ObjectKey, List<WatchSession>> _byObject = [];
    private readonly Dictionary<ApiResource, List<WatchSession>> _broad = [];
    private readonly Dictionary<ApiResource, int> _openByResource = [];
    private readonly Dictionary<(ApiResource, ApiVerb), int> _calls = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<IssuedToken> _tokens = [];
    private readonly List<(Func<RecordedRequest, bool> Match, int Left, TaskCompletionSource Reached)> _requestWaiters = [];
    private readonly List<(Func<bool> Reached, TaskCompletionSource Done)> _watchWaiters = [];
    private readonly List<ApiFault> _scripted = [];
    private TaskCompletionSource? _changed;
    private int _openWatches;
    private int _failuresLeft;
    private int _failureCode;
    private WatchFaults _faults;

    /// <summary>An empty state.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The history capacity is negative.</exception>
    public ApiServerState(ApiServerStateOptions? options = null)
    {
        _options = options ?? new ApiServerStateOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.HistoryCapacity, "options.HistoryCapacity");
        ArgumentNullException.ThrowIfNull(_options.TimeProvider, "options.TimeProvider");
        _store = new ObjectStore(_options.HistoryCapacity, _options.TimeProvider);
    }

    /// <summary>The clock of watch timeouts, slow streams, creation timestamps and tokens.</summary>
    public TimeProvider TimeProvider => _options.TimeProvider;

    /// <summary>The latest resourceVersion stamped; <c>1</c> before any write.</summary>
    public string ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return Text(_store.ResourceVersion);
            }
        }
    }

    /// <summary>Every request received so far, in order, those answered with an injected failure included (empty when <see cref="ApiServerStateOptions.RecordRequests"/> is off).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Every token issued for a TokenRequest so far, in order.</summary>
    public IReadOnlyList<IssuedToken> IssuedTokens
    {
        get
        {
            lock (_gate)
            {
                return _tokens.ToArray();
            }
        }
    }

    /// <summary>The watches open now; one ends as soon as its client goes away or the server ends it.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _openWatches;
            }
        }
    }

    /// <summary>The pause before each watch event is sent, on the state's clock, for slow streams. Default: none.</summary>
    public TimeSpan WatchEventDelay
    {
        get => Faults.Delay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _faults = _faults with { Delay = value };
            }
        }
    }

    internal WatchFaults Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults;
            }
        }
    }

    /// <summary>Creates or replaces a Secret, stored as the API server stores it (base64 <c>data</c>, <c>type</c>, <c>immutable</c>).</summary>
    /// <param name="secret">The Secret; its resourceVersion is ignored, its uid kept if set.</param>
    /// <returns>The resourceVersion stamped on it.</returns>
    public string PutSecret(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return ((Secret)PutModel(ApiResource.Secrets, secret)).ResourceVersion!;
    }

    /// <summary>Creates or replaces a ConfigMap.</summary>
    /// <param name="configMap">The ConfigMap; its resourceVersion is ignored.</param>
    /// <returns>The resourceVersion stamped on it.</returns>
    public string PutConfigMap(ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        return ((ConfigMap)PutModel(ApiResource.ConfigMaps, configMap)).ResourceVersion!;
    }

    /// <summary>
    /// Creates or replaces an object given as JSON: a <c>v1</c> Secret, ConfigMap, ServiceAccount, Pod or Node, or a
    /// <c>certificates.k8s.io/v1beta1</c> (or <c>v1alpha1</c>) ClusterTrustBundle. As the API server does, a Secret's
    /// <c>stringData</c> is merged into <c>data</c> and an empty type becomes <c>Opaque</c>; a namespaced object without
    /// a namespace is put in <c>default</c>; uid and creationTimestamp are set when absent. Watches of it get
    /// <c>ADDED</c> or <c>MODIFIED</c>, or, as it enters or leaves their selection, <c>ADDED</c> or <c>DELETED</c>.
    /// </summary>
    /// <param name="json">The object.</param>
    /// <returns>The resourceVersion stamped on it.</returns>
    /// <exception cref="ArgumentException">Not a JSON object of one of those kinds with a name.</exception>
    public string PutJson(string json)
    {
        var (resource, parsed) = ApiJson.Parse(json);
        lock (_gate)
        {
            var stored = _store.PutJson(resource, parsed);
            Publish(stored);
            return Text(stored.ResourceVersion);
        }
    }

    /// <summary>Sets a Pod's <c>status.phase</c> (<c>Running</c>, <c>Succeeded</c>, <c>Failed</c>, …): a status update, which its watches get as <c>MODIFIED</c>.</summary>
    /// <param name="namespace">The Pod's namespace.</param>
    /// <param name="name">The Pod's name.</param>
    /// <param name="phase">The phase.</param>
    /// <returns>The resourceVersion of the update, or <see langword="null"/> when there is no such Pod.</returns>
    public string? SetPodPhase(string @namespace, string name, string phase)
    {
        ArgumentException.ThrowIfNullOrEmpty(phase);
        lock (_gate)
        {
            if (_store.Get(new ObjectKey(ApiResource.Pods, @namespace, name)) is not { } pod)
            {
                return null;
            }

            var json = (JsonObject)pod.Json.DeepClone();
            if (json["status"] is not JsonObject status)
            {
                status = new JsonObject();
                json["status"] = status;
            }

            status["phase"] = phase;
            var stored = _store.PutJson(ApiResource.Pods, json);
            Publish(stored);
            return Text(stored.ResourceVersion);
        }
    }

    /// <summary>Deletes an object; its watches get a <c>DELETED</c> event with its last state.</summary>
    /// <param name="kind"><c>Secret</c>, <c>ConfigMap</c>, <c>ServiceAccount</c>, <c>Pod</c>, <c>Node</c> or <c>ClusterTrustBundle</c>.</param>
    /// <param name="namespace">The namespace; ignored for a cluster-scoped kind.</param>
    /// <param name="name">The name.</param>
    /// <returns>The resourceVersion of the deletion, or <see langword="null"/> when there was no such object.</returns>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public string? Delete(string kind, string @namespace, string name)
    {
        var key = KeyOf(kind, @namespace, name);
        lock (_gate)
        {
            if (_store.Delete(key) is not { } deleted)
            {
                return null;
            }

            Publish(deleted);
            return Text(deleted.ResourceVersion);
        }
    }

    /// <summary>The stored object as a GET returns it.</summary>
    /// <param name="kind">The kind, as for <see cref="Delete"/>.</param>
    /// <param name="namespace">The namespace; ignored for a cluster-scoped kind.</param>
    /// <param name="name">The name.</param>
    /// <returns>The JSON, or <see langword="null"/> when there is no such object.</returns>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public string? GetJson(string kind, string @namespace, string name)
    {
        var key = KeyOf(kind, @namespace, name);
        lock (_gate)
        {
            return _store.Get(key)?.Text;
        }
    }

    /// <summary>
    /// Forgets the event history, as a compaction or an API server restart does: a watch or list from any
    /// resourceVersion older than <see cref="ResourceVersion"/> now gets 410.
    /// </summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _store.Compact();
        }
    }

    /// <summary>Sends a <c>BOOKMARK</c> event at <see cref="ResourceVersion"/> to every open watch that allowed bookmarks (an in-memory source's watch always does).</summary>
    /// <returns>How many watches it was sent to.</returns>
    public int SendBookmarks()
    {
        lock (_gate)
        {
            var sent = 0;
            foreach (var session in Sessions().Where(s => s.Bookmarks && s.After <= _store.ResourceVersion))
            {
                session.SendBookmark(_store.ResourceVersion);
                sent++;
            }

            NotifyChanged();
            return sent;
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests, whatever they ask, with a <c>Status</c> of <paramref name="statusCode"/>.</summary>
    /// <param name="count">How many requests; 0 cancels a pending injection.</param>
    /// <param name="statusCode">The HTTP status: 500 (<c>InternalError</c>), 410 (<c>Expired</c>), 403, 429, 503, ….</param>
    public void FailNextRequests(int count, int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        lock (_gate)
        {
            _failuresLeft = count;
            _failureCode = statusCode;
        }
    }

    /// <summary>
    /// Ends every watch, open or to come, once it has sent <paramref name="eventCount"/> events: cleanly (the stream
    /// ends after a whole event), or, with <paramref name="midEvent"/>, by sending half of the next event and breaking
    /// the connection (an in-memory source's watch throws).
    /// </summary>
    /// <param name="eventCount">The events each watch sends; <see langword="null"/> to stop injecting.</param>
    /// <param name="midEvent">Break in the middle of the next event instead of closing cleanly.</param>
    public void CloseWatchesAfter(int? eventCount, bool midEvent = false)
    {
        if (eventCount is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(eventCount));
        }

        lock (_gate)
        {
            _faults = _faults with { CloseAfter = eventCount, MidEvent = midEvent };
        }
    }

    /// <summary>Ends every open watch now, cleanly, after the events already queued for it: each client sees its stream end.</summary>
    /// <returns>How many watches were open.</returns>
    public int DropWatches() => EndWatches(abort: false);

    /// <summary>
    /// Completes once exactly <paramref name="count"/> watches are open, as checked each time one opens or ends:
    /// wait for 1 after starting a watch, for 0 after a client stopped watching.
    /// </summary>
    /// <param name="count">The number of watches.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait.</returns>
    public Task WaitForOpenWatchesAsync(int count, CancellationToken cancellationToken = default) =>
        WaitForWatchesAsync(() => _openWatches == count, cancellationToken);

    /// <summary>
    /// Completes once a watch is open that gets the events of the named object (by namespace, and by name when it
    /// selects one), whatever else is open: a write made after it reaches that watch.
    /// </summary>
    /// <param name="kind">The object kind, as for <see cref="Delete"/>.</param>
    /// <param name="namespace">The object's namespace; ignored for a cluster-scoped kind.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait.</returns>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public Task WaitForWatchAsync(string kind, string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(kind, @namespace, name);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WaitForWatchesAsync(() => SessionsOf(key).Any(s => s.Watches(key.Namespace, name)), cancellationToken);
    }

    /// <summary>Completes once at least <paramref name="count"/> received requests, earlier ones included, match.</summary>
    /// <param name="match">Which requests count.</param>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait.</returns>
    public Task WaitForRequestsAsync(Func<RecordedRequest, bool> match, int count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            var left = count - _requests.Count(match);
            if (left <= 0)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _requestWaiters.Add((match, left, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Answers one request received by a transport, as the API server does: records it, applies the injected faults,
    /// and gives the answer or the watch to stream.
    /// </summary>
    /// <param name="request">The request, its body included for a <c>POST</c>.</param>
    /// <returns>The answer.</returns>
    public ApiResponse Serve(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = ApiCall.Parse(request, out var unsupported);
        lock (_gate)
        {
            Record(request, call);
            if (request.User is null)
            {
                return Json(ApiStatus.Unauthorized());
            }

            if (TakeInjectedFailure(request.IsWatch) is { } injected)
            {
                return Json(injected);
            }

            if (call is null)
            {
                if (request.Method == "GET" && ApiDiscovery.Answer(request.Path) is { } document)
                {
                    return Json(document, 200);
                }

                return request.Method == "GET" && request.Path.Trim('/') is "healthz" or "livez" or "readyz"
                    ? new ApiResponse(200, "ok", contentType: "text/plain")
                    : Json(unsupported is null ? ApiStatus.NoSuchPath() : ApiStatus.MethodNotSupported(unsupported.Plural, request.Method));
            }

            var fault = TakeScriptedFault(call);
            if (fault is not null && fault.Kind != ApiFaultKind.EndAfter)
            {
                return fault.Kind switch
                {
                    ApiFaultKind.Unreachable => new ApiResponse(0, null, breakConnection: true),
                    ApiFaultKind.ExpiredEvent => new ApiResponse(200, null, new ApiWatchStream(this, null, ErrorItem(fault.Status!, model: false), TimeSpan.Zero)),
                    _ => Json(fault.Status!),
                };
            }
            else
            {
                return call.Verb switch
                {
                    ApiVerb.Get => _store.Get(new ObjectKey(call.Resource, call.Namespace ?? string.Empty, call.Name!)) is { } found
                        ? new ApiResponse(200, found.TextAt(call.Version) + "\n")
                        : Json(ApiStatus.NotFound(call.Resource, call.Name!)),
                    ApiVerb.List => List(call),
                    ApiVerb.Watch => Watch(call, fault),
                    _ => Token(call),
                };
            }
        }
    }

    /// <summary>The in-memory sources' calls: a get, as <see cref="IObjectSource{T}.GetAsync"/> answers it.</summary>
    internal LookupResult<T> GetModel<T>(ApiResource resource, string @namespace, string name)
        where T : class
    {
        var call = ModelCall(ApiVerb.Get, resource, @namespace, name);
        lock (_gate)
        {
            Record(call.Request, call);
            if (Failure(call) is { } failure)
            {
                return StatusOf(failure.Status) is { } status
                    ? status.Code == 404 ? LookupResult<T>.NotFound() : LookupResult<T>.Failed(status.Message)
                    : LookupResult<T>.Failed(Unreachable);
            }

            return _store.Get(new ObjectKey(resource, @namespace, name)) is { } found ? LookupResult<T>.Found((T)found.Model) : LookupResult<T>.NotFound();
        }
    }

    /// <summary>A list by name, as <see cref="IObjectSource{T}.ListAsync"/> answers it.</summary>
    /// <exception cref="ObjectSourceException">An injected failure.</exception>
    internal ObjectList<T> ListModel<T>(ApiResource resource, string @namespace, string name)
        where T : class
    {
        var call = ModelCall(ApiVerb.List, resource, @namespace, name);
        lock (_gate)
        {
            Record(call.Request, call);
            if (Failure(call) is { } failure)
            {
                throw Exception(failure.Status);
            }

            return new ObjectList<T>((T?)_store.Get(new ObjectKey(resource, @namespace, name))?.Model, Text(_store.ResourceVersion));
        }
    }

    /// <summary>A watch of one object, as <see cref="IObjectSource{T}.WatchAsync"/> starts it: its items are model objects.</summary>
    /// <exception cref="ObjectSourceException">An injected failure, or a resourceVersion that is not one.</exception>
    internal ApiWatchStream WatchModel(ApiResource resource, string @namespace, string name, string resourceVersion)
    {
        var call = ModelCall(ApiVerb.Watch, resource, @namespace, name, resourceVersion);
        lock (_gate)
        {
            Record(call.Request, call);
            var fault = TakeInjectedFailure(watch: true) is { } injected ? new ApiFault(ApiVerb.Watch, resource, ApiFaultKind.Status, injected) : TakeScriptedFault(call);
            switch (fault?.Kind)
            {
                case ApiFaultKind.Status or ApiFaultKind.Unreachable:
                    throw Exception(fault.Status);
                case ApiFaultKind.ExpiredEvent:
                    return new ApiWatchStream(this, null, ErrorItem(fault.Status!, model: true), TimeSpan.Zero);
            }

            var selector = ApiSelector.ForName(name);
            var (stream, status) = StartWatch(resource, resource.Versions[0], @namespace, selector, resourceVersion, bookmarks: true, model: true, fault?.EndAfter, TimeSpan.Zero);
            return stream ?? throw Exception(status);
        }
    }

    /// <summary>Stores a model object (an in-memory source's <c>Put</c>).</summary>
    internal object PutModel(ApiResource resource, object value)
    {
        lock (_gate)
        {
            var (stored, model) = _store.PutModel(resource, value);
            Publish(stored);
            return model;
        }
    }

    /// <summary>Deletes an object by key; whether it existed.</summary>
    internal bool DeleteObject(ObjectKey key)
    {
        lock (_gate)
        {
            if (_store.Delete(key) is not { } deleted)
            {
                return false;
            }

            Publish(deleted);
            return true;
        }
    }

    /// <summary>The model object stored under a key.</summary>
    internal object? FindModel(ObjectKey key)
    {
        lock (_gate)
        {
            return _store.Get(key)?.Model;
        }
    }

    /// <summary>Scripts a fault for the next call it applies to.</summary>
    internal void Script(ApiFault fault)
    {
        lock (_gate)
        {
            _scripted.Add(fault);
        }
    }

    /// <summary>The calls of a verb on a resource so far.</summary>
    internal int Calls(ApiResource resource, ApiVerb verb)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault((resource, verb));
        }
    }

    /// <summary>The watches of a resource open now.</summary>
    internal int OpenWatchesOf(ApiResource resource)
    {
        lock (_gate)
        {
            return _openByResource.GetValueOrDefault(resource);
        }
    }

    /// <summary>The objects with a watch of their own open now, as <c>namespace/name</c>, each once, in ordinal order.</summary>
    internal IReadOnlyList<string> WatchedObjects(ApiResource resource)
    {
        lock (_gate)
        {
            return _byObject.Where(e => e.Key.Resource == resource && e.Value.Count > 0)
                .Select(e => e.Key.Namespace + "/" + e.Key.Name)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
    }

    /// <summary>Completes when anything changes: a call, a write, a watch opened or closed, a bookmark.</summary>
    internal Task Changed()
    {
        lock (_gate)
        {
            _changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _changed.Task;
        }
    }

    /// <summary>Stops counting a watch as open (it gets no more events); again is harmless.</summary>
    internal void Close(WatchSession session)
    {
        lock (_gate)
        {
            var list = session.Key is { } key ? _byObject.GetValueOrDefault(key) : _broad.GetValueOrDefault(session.Resource);
            if (list is null || !list.Remove(session))
            {
                return;
            }

            if (list.Count == 0 && session.Key is { } emptied)
            {
                _byObject.Remove(emptied);
            }

            _openWatches--;
            _openByResource[session.Resource]--;
            NotifyWatchWaiters();
            NotifyChanged();
        }
    }

    /// <summary>Closes a watch that has ended and releases it.</summary>
    internal void Unregister(WatchSession session)
    {
        Close(session);
        session.Dispose();
    }

    /// <summary>Ends every open watch (cleanly, or by breaking its connection); none counts as open afterwards.</summary>
    internal int EndWatches(bool abort)
    {
        lock (_gate)
        {
            var sessions = Sessions().ToList();
            foreach (var session in sessions)
            {
                session.End(abort);
                Close(session);
            }

            return sessions.Count;
        }
    }

    /// <summary>An in-memory source's call of one object, and the request KubernetesClient sends for it (made only to be kept).</summary>
    private ApiCall ModelCall(ApiVerb verb, ApiResource resource, string @namespace, string name, string? resourceVersion = null) =>
        new(verb, resource, resource.Versions[0], @namespace, verb == ApiVerb.Get ? name : null, _options.RecordRequests ? ApiCall.RequestOf(verb, resource, @namespace, name, resourceVersion) : ApiCall.Unrecorded);

    private static string Text(long resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);

    private static ApiResponse Json(JsonObject status) => Json(status, (int)status["code"]!);

    private static ApiResponse Json(JsonObject body, int code) => new(code, ApiJson.Serialize(body) + "\n");

    private static SourceStatus? StatusOf(JsonObject? status) =>
        status is null ? null : new SourceStatus((int)status["code"]!, ApiJson.StringAt(status, "reason") ?? string.Empty, ApiJson.StringAt(status, "message") ?? string.Empty);

    private static ObjectSourceException Exception(JsonObject? status) =>
        StatusOf(status) is { } source ? new ObjectSourceException(source, null) : new ObjectSourceException(Unreachable);

    /// <summary>The one item of a watch that fails as it starts: the <c>ERROR</c> event's line, or for a model watch its status.</summary>
    private static WatchItem ErrorItem(JsonObject status, bool model) =>
        new("ERROR", 0, model ? null : WatchSession.Line("ERROR", ApiJson.Serialize(status)), null, StatusOf(status));

    /// <summary>The watch cache's answer to a watch from a resourceVersion older than its history (the status made only for the wire).</summary>
    private WatchItem ExpiredItem(long asked, bool model)
    {
        var message = $"too old resource version: {asked} ({_store.OldestWatchable})";
        return model ? new("ERROR", 0, null, null, new SourceStatus(410, "Expired", message)) : ErrorItem(ApiStatus.Expired(message), model: false);
    }

    /// <summary>0 for none or <c>0</c> (any), the number otherwise, <see langword="null"/> when it is not one.</summary>
    private static long? ParseResourceVersion(string? text) =>
        string.IsNullOrEmpty(text) ? 0
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : null;

    private static ObjectKey KeyOf(string kind, string @namespace, string name)
    {
        var resource = ApiResource.FromKind(kind)
            ?? throw new ArgumentException("the simulated API stores " + string.Join(", ", ApiResource.All.Select(r => r.Kind)) + " objects only", nameof(kind));
        return new ObjectKey(resource, resource.Namespaced ? @namespace : string.Empty, name);
    }

    /// <summary>The failure of an in-memory source's call: injected for any request, or scripted for this one.</summary>
    private ApiFault? Failure(ApiCall call) =>
        TakeInjectedFailure(watch: false) is { } injected ? new ApiFault(call.Verb, call.Resource, ApiFaultKind.Status, injected) : TakeScriptedFault(call);

    private JsonObject? TakeInjectedFailure(bool watch)
    {
        if (_failuresLeft == 0)
        {
            return null;
        }

        _failuresLeft--;
        return ApiStatus.Injected(_failureCode, watch);
    }

    private ApiFault? TakeScriptedFault(ApiCall call)
    {
        var index = _scripted.FindIndex(f => f.AppliesTo(call));
        if (index < 0)
        {
            return null;
        }

        var fault = _scripted[index];
        _scripted.RemoveAt(index);
        return fault;
    }

    /// <summary>Counts and keeps a request, and wakes those who wait for it (under the lock, so they see it answered).</summary>
    private void Record(RecordedRequest request, ApiCall? call)
    {
        NotifyChanged();
        if (call is not null)
        {
            _calls[(call.Resource, call.Verb)] = _calls.GetValueOrDefault((call.Resource, call.Verb)) + 1;
        }

        if (!_options.RecordRequests)
        {
            return;
        }

        _requests.Add(request);
        for (var i = _requestWaiters.Count - 1; i >= 0; i--)
        {
            var (match, left, reached) = _requestWaiters[i];
            if (!match(request))
            {
                continue;
            }

            if (left > 1)
            {
                _requestWaiters[i] = (match, left - 1, reached);
                continue;
            }

            _requestWaiters.RemoveAt(i);
            reached.TrySetResult();
        }
    }

    private ApiResponse List(ApiCall call)
    {
        if (ParseResourceVersion(call.Request.QueryValue("resourceVersion")) is not { } asked)
        {
            return Json(ApiStatus.BadRequest($"invalid resource version: \"{call.Request.QueryValue("resourceVersion")}\""));
        }

        if (ApiSelector.Parse(call.Resource, call.Request.QueryValue("fieldSelector"), call.Request.QueryValue("labelSelector"), out var error) is not { } selector)
        {
            return Json(ApiStatus.BadRequest(error!));
        }

        // etcd3's answer to a list at a compacted revision (interpretListError); the store cannot go back in time,
        // so any other resourceVersion is answered with the current state, which is at least as new.
        if (asked > 0 && asked < _store.OldestWatchable)
        {
            return Json(ApiStatus.Expired("The resourceVersion for the provided list is too old."));
        }

        if (asked > _store.ResourceVersion)
        {
            return Json(ApiStatus.TooLargeResourceVersion(asked, _store.ResourceVersion));
        }

        var items = new JsonArray();
        foreach (var item in Select(call.Resource, call.Namespace, selector))
        {
            items.Add(ApiJson.AsListItem(item.JsonAt(call.Version)));
        }

        return Json(
            new JsonObject
            {
                ["kind"] = call.Resource.ListKind,
                ["apiVersion"] = call.Resource.ApiVersion(call.Version),
                ["metadata"] = new JsonObject { ["resourceVersion"] = Text(_store.ResourceVersion) },
                ["items"] = items,
            },
            200);
    }

    /// <summary>The objects a selection holds now, in key order; one looked up by name when the selection names it.</summary>
    private IEnumerable<ApiObject> Select(ApiResource resource, string? @namespace, ApiSelector selector)
    {
        if (selector.Name is { } name && (@namespace is not null || !resource.Namespaced))
        {
            return _store.Get(new ObjectKey(resource, @namespace ?? string.Empty, name)) is { } one && selector.Matches(one) ? [one] : [];
        }

        return _store.List(resource, @namespace).Where(selector.Matches);
    }

    private ApiResponse Watch(ApiCall call, ApiFault? endAfter)
    {
        if (ApiSelector.Parse(call.Resource, call.Request.QueryValue("fieldSelector"), call.Request.QueryValue("labelSelector"), out var error) is not { } selector)
        {
            return Json(ApiStatus.BadRequest(error!));
        }

        var bookmarks = call.Request.QueryValue("allowWatchBookmarks") is "true" or "1";
        var timeout = int.TryParse(call.Request.QueryValue("timeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;
        var (stream, status) = StartWatch(call.Resource, call.Version, call.Namespace, selector, call.Request.QueryValue("resourceVersion"), bookmarks, model: false, endAfter?.EndAfter, timeout);
        return stream is null ? Json(status!) : new ApiResponse(200, null, stream);
    }

    /// <summary>
    /// Starts a watch: from a resourceVersion, the events after it (or the 410 <c>ERROR</c> event when history no
    /// longer reaches back); from none or <c>0</c>, an <c>ADDED</c> event per object selected first.
    /// </summary>
    private (ApiWatchStream? Stream, JsonObject? Status) StartWatch(ApiResource resource, string version, string? @namespace, ApiSelector selector, string? resourceVersion, bool bookmarks, bool model, int? endAfter, TimeSpan timeout)
    {
        if (ParseResourceVersion(resourceVersion) is not { } asked)
        {
            return (null, ApiStatus.BadRequest($"invalid resource version: \"{resourceVersion}\""));
        }

        if (asked > 0 && asked < _store.OldestWatchable)
        {
            return (new ApiWatchStream(this, null, ExpiredItem(asked, model), TimeSpan.Zero), null);
        }

        var session = new WatchSession(resource, @namespace, selector, version, bookmarks, model, Math.Max(asked, 0), endAfter);
        if (asked == 0)
        {
            foreach (var item in Select(resource, @namespace, selector))
            {
                session.Send("ADDED", item);
            }

            session.StartAfter(_store.ResourceVersion);
        }
        else
        {
            foreach (var change in _store.EventsAfter(asked, session.Key))
            {
                if (session.TypeFor(change) is { } type)
                {
                    session.Send(type, change.Object);
                }
            }
        }

        (session.Key is { } key ? ListOf(_byObject, key) : ListOf(_broad, resource)).Add(session);
        _openWatches++;
        _openByResource[resource] = _openByResource.GetValueOrDefault(resource) + 1;
        NotifyWatchWaiters();
        return (new ApiWatchStream(this, session, null, timeout), null);
    }

    private ApiResponse Token(ApiCall call)
    {
        var (code, body, issued) = TokenRequests.Answer(call, _store.Get, _options, TimeProvider.GetUtcNow(), _tokens.Count + 1);
        if (issued is not null)
        {
            _tokens.Add(issued);
        }

        return Json(body, code);
    }

    private static List<WatchSession> ListOf<TKey>(Dictionary<TKey, List<WatchSession>> index, TKey key)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        return list;
    }

    private IEnumerable<WatchSession> Sessions() => _byObject.Values.SelectMany(l => l).Concat(_broad.Values.SelectMany(l => l));

    /// <summary>The open watches that may get an object's events: its own, and those of its whole resource.</summary>
    private IEnumerable<WatchSession> SessionsOf(ObjectKey key) =>
        (_byObject.GetValueOrDefault(key) ?? []).Concat(_broad.GetValueOrDefault(key.Resource) ?? []);

    private Task WaitForWatchesAsync(Func<bool> reached, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (reached())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchWaiters.Add((reached, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private void NotifyWatchWaiters()
    {
        for (var i = _watchWaiters.Count - 1; i >= 0; i--)
        {
            if (_watchWaiters[i].Reached())
            {
                _watchWaiters[i].Done.TrySetResult();
                _watchWaiters.RemoveAt(i);
            }
        }
    }

    /// <summary>Wakes whoever waits for a change (their continuations run elsewhere, so this runs under the lock).</summary>
    private void NotifyChanged()
    {
        _changed?.TrySetResult();
        _changed = null;
    }

    /// <summary>Sends a change to the watches that select it (under the lock).</summary>
    private void Publish(StoredEvent change)
    {
        foreach (var session in SessionsOf(change.Key))
        {
            if (session.TypeFor(change) is { } type)
            {
                session.Send(type, change.Object);
            }
        }

        NotifyChanged();
    }
}

/// <summary>The injected behaviour of watch streams.</summary>
/// <param name="CloseAfter">End each watch after this many events; <see langword="null"/> for never.</param>
/// <param name="MidEvent">Break the connection in the middle of the next event instead of closing cleanly.</param>
/// <param name="Delay">The pause before each event.</param>
internal readonly record struct WatchFaults(int? CloseAfter, bool MidEvent, TimeSpan Delay);
