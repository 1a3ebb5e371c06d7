using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SecretProjection.Model;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 for tests and samples: it speaks the API server's wire
/// protocol for Secrets, ConfigMaps and Pods under <c>/api/v1/namespaces/NS/</c> (GET one; list with
/// <c>fieldSelector=metadata.name=NAME</c>; <c>watch=true</c> streams of newline-delimited JSON events with
/// resourceVersions, <c>allowWatchBookmarks</c> and <c>timeoutSeconds</c>; <c>Status</c> objects for 404, 410 and
/// 500 as the API server writes them), so the real KubernetesClient, or any client, can be pointed at it.
/// </summary>
/// <remarks>
/// <para>
/// Every write stamps the next value of one global resourceVersion, as etcd does. The server keeps the last
/// <see cref="LoopbackApiServerOptions.HistoryCapacity"/> events: a watch from an older resourceVersion gets
/// HTTP 200 and one <c>ERROR</c> event with a 410 <c>Expired</c> status (<c>too old resource version: 5 (7)</c>),
/// as the watch cache answers, and a list from one gets HTTP 410. <see cref="CompactHistory"/> forgets it all.
/// </para>
/// <para>
/// Faults for hardening tests: <see cref="FailNextRequests"/>, <see cref="CloseWatchesAfter"/> (cleanly or in
/// the middle of an event), <see cref="WatchEventDelay"/>, <see cref="DropWatches"/>, and <see cref="StopAsync"/>
/// then <see cref="RestartAsync"/> on the same port. Every request is recorded (<see cref="Requests"/>).
/// </para>
/// <para>
/// Writes are not validated as the API server would (an immutable Secret can be replaced): the test decides.
/// <c>labelSelector</c> is refused; <c>resourceVersionMatch</c> and <c>sendInitialEvents</c> are ignored.
/// Thread-safe. <see cref="DisposeAsync"/> stops the server and waits, for a bounded time, for its requests to end.
/// </para>
/// <para>
/// HTTP/1.1 is spoken on a socket of its own (System.Net.Sockets), not HttpListener: a watch's headers go out at
/// once, as the API server flushes them, and a stream can be broken in the middle of an event; HttpListener can do
/// neither. A connection closes after a watch ends.
/// </para>
/// </remarks>
public sealed class LoopbackApiServer : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(5);

    private readonly ApiServerState _state;
    private readonly ApiRequestHandler _handler;
    private readonly Lock _lifecycle = new();
    private readonly HashSet<Task> _inFlight = [];
    private readonly HashSet<ApiConnection> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _acceptLoop;
    private bool _disposed;

    private LoopbackApiServer(LoopbackApiServerOptions options)
    {
        _state = new ApiServerState(options.HistoryCapacity, options.TimeProvider);
        _handler = new ApiRequestHandler(_state);
    }

    /// <summary>The port the server listens on, on 127.0.0.1; kept across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The server's address: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    /// <summary>Whether the server accepts connections (false after <see cref="StopAsync"/>).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lifecycle)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>The latest resourceVersion the server stamped.</summary>
    public string ResourceVersion => _state.ResourceVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every request received so far, in order, including those answered with an injected failure.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Requests;

    /// <summary>The watches open now; one ends as soon as its client closes the connection.</summary>
    public int OpenWatchCount => _state.OpenWatchCount;

    /// <summary>The pause before each watch event is sent, for slow streams. Default: none.</summary>
    public TimeSpan WatchEventDelay
    {
        get => _state.Faults.Delay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _state.UpdateFaults(f => f with { Delay = value });
        }
    }

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="SocketException">The port could not be listened on.</exception>
    public static LoopbackApiServer Start(LoopbackApiServerOptions? options = null)
    {
        options ??= new LoopbackApiServerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.HistoryCapacity, "options.HistoryCapacity");
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, "options.Port");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, "options.Port");
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
        var server = new LoopbackApiServer(options);
        server.Listen(options.Port);
        return server;
    }

    /// <summary>Creates or replaces a Secret, serialized as the API server stores it (base64 <c>data</c>, <c>type</c>, <c>immutable</c>).</summary>
    /// <param name="secret">The Secret; its resourceVersion is ignored, its uid kept if set.</param>
    /// <returns>The resourceVersion stamped on it.</returns>
    public string PutSecret(Secret secret) => _state.Put(ApiResource.Secrets, ApiJson.FromSecret(secret));

    /// <summary>Creates or replaces a ConfigMap.</summary>
    /// <param name="configMap">The ConfigMap; its resourceVersion is ignored.</param>
    /// <returns>The resourceVersion stamped on it.</returns>
    public string PutConfigMap(ConfigMap configMap) => _state.Put(ApiResource.ConfigMaps, ApiJson.FromConfigMap(configMap));

    /// <summary>
    /// Creates or replaces a <c>v1</c> Secret, ConfigMap or Pod given as JSON. As the API server does, a Secret's
    /// <c>stringData</c> is merged into <c>data</c> and an empty type becomes <c>Opaque</c>; a missing namespace is
    /// <c>default</c>; uid and creationTimestamp are set when absent.
    /// </summary>
    /// <param name="json">The object.</param>
    /// <returns>The resourceVersion stamped on it.</returns>
    /// <exception cref="ArgumentException">Not a JSON object of one of those kinds with a name.</exception>
    public string PutJson(string json)
    {
        var (resource, parsed) = ApiJson.Parse(json);
        return _state.Put(resource, parsed);
    }

    /// <summary>Deletes an object; open watches get a <c>DELETED</c> event.</summary>
    /// <param name="kind"><c>Secret</c>, <c>ConfigMap</c> or <c>Pod</c>.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>The resourceVersion of the deletion, or <see langword="null"/> when there was no such object.</returns>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public string? Delete(string kind, string @namespace, string name) => _state.Delete(ResourceOf(kind), @namespace, name);

    /// <summary>The stored object as a GET returns it.</summary>
    /// <param name="kind"><c>Secret</c>, <c>ConfigMap</c> or <c>Pod</c>.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>The JSON, or <see langword="null"/> when there is no such object.</returns>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public string? GetJson(string kind, string @namespace, string name) =>
        _state.Get(ResourceOf(kind), @namespace, name) is { } json ? ApiJson.Serialize(json) : null;

    /// <summary>
    /// Forgets the event history, as a compaction or an API server restart does: a watch or list from any
    /// resourceVersion older than <see cref="ResourceVersion"/> now gets 410.
    /// </summary>
    public void CompactHistory() => _state.Compact();

    /// <summary>Sends a <c>BOOKMARK</c> event at <see cref="ResourceVersion"/> to every open watch that allowed bookmarks.</summary>
    /// <returns>How many watches it was sent to.</returns>
    public int SendBookmarks() => _state.SendBookmarks();

    /// <summary>Answers the next <paramref name="count"/> requests, whatever they ask, with a <c>Status</c> of <paramref name="statusCode"/>.</summary>
    /// <param name="count">How many requests; 0 cancels a pending injection.</param>
    /// <param name="statusCode">The HTTP status: 500 (<c>InternalError</c>), 410 (<c>Expired</c>), 403, 429, 503, ….</param>
    public void FailNextRequests(int count, int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        _state.FailNext(count, statusCode);
    }

    /// <summary>
    /// Ends every watch, open or to come, once it has sent <paramref name="eventCount"/> events: cleanly (the stream
    /// ends after a whole event), or, with <paramref name="midEvent"/>, by sending half of the next event and
    /// breaking the connection.
    /// </summary>
    /// <param name="eventCount">The events each watch sends; <see langword="null"/> to stop injecting.</param>
    /// <param name="midEvent">Break in the middle of the next event instead of closing cleanly.</param>
    public void CloseWatchesAfter(int? eventCount, bool midEvent = false)
    {
        if (eventCount is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(eventCount));
        }

        _state.UpdateFaults(f => f with { CloseAfter = eventCount, MidEvent = midEvent });
    }

    /// <summary>Ends every open watch now, cleanly, after the event it is sending: each client sees its stream end.</summary>
    /// <returns>How many watches were open.</returns>
    public int DropWatches() => _state.EndWatches(abort: false);

    /// <summary>
    /// Completes once exactly <paramref name="count"/> watches are open, as checked each time one opens or ends:
    /// wait for 1 after starting a watch, for 0 after a client stopped watching.
    /// </summary>
    /// <param name="count">The number of watches.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait.</returns>
    public Task WaitForOpenWatchesAsync(int count, CancellationToken cancellationToken = default) =>
        _state.WaitForWatchesAsync(sessions => sessions.Count == count, cancellationToken);

    /// <summary>
    /// Completes once a watch is open that gets the events of the named object (by namespace, and by name when
    /// it selects one), whatever else is open: a write made after it reaches that watch.
    /// </summary>
    /// <param name="kind">The object kind: <c>Secret</c>, <c>ConfigMap</c> or <c>Pod</c>.</param>
    /// <param name="namespace">The object's namespace.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait.</returns>
    public Task WaitForWatchAsync(string kind, string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var resource = ResourceOf(kind);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _state.WaitForWatchesAsync(sessions => sessions.Any(s => s.Resource == resource && s.Watches(@namespace, name)), cancellationToken);
    }

    /// <summary>Completes once at least <paramref name="count"/> received requests, earlier ones included, match.</summary>
    /// <param name="match">Which requests count.</param>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait.</returns>
    public Task WaitForRequestsAsync(Func<RecordedRequest, bool> match, int count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return _state.WaitForRequestsAsync(match, count, cancellationToken);
    }

    /// <summary>A kubeconfig for this server: <c>server: http://127.0.0.1:PORT</c>, no TLS, no credentials.</summary>
    /// <param name="namespace">The namespace of the context.</param>
    /// <returns>The kubeconfig as YAML.</returns>
    public string CreateKubeconfig(string @namespace = "default")
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        return LoopbackKubeconfig.Text(Port, @namespace);
    }

    /// <summary>Writes <see cref="CreateKubeconfig"/> to a file, for a tool to be pointed at the server.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="namespace">The namespace of the context.</param>
    public void WriteKubeconfig(string path, string @namespace = "default")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, CreateKubeconfig(@namespace));
    }

    /// <summary>
    /// Stops listening and breaks every connection, open watches included; the objects, history and faults are
    /// kept for <see cref="RestartAsync"/>. Waits a bounded time for requests in progress to end.
    /// </summary>
    /// <returns>The stop.</returns>
    public async Task StopAsync()
    {
        TcpListener? listener;
        CancellationTokenSource? stopping;
        Task[] pending;
        ApiConnection[] connections;
        lock (_lifecycle)
        {
            (listener, _listener) = (_listener, null);
            (stopping, _stopping) = (_stopping, null);
            if (listener is null)
            {
                return;
            }

            pending = [.. _inFlight, _acceptLoop!];
            connections = [.. _connections];
            _acceptLoop = null;
        }

        _state.EndWatches(abort: true);
        await stopping!.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(ShutdownBound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Bounded so that a test never hangs on a request that does not let go.
        }

        stopping.Dispose();
    }

    /// <summary>Listens again on the same port, after <see cref="StopAsync"/> (which it calls first if the server runs).</summary>
    /// <returns>The restart.</returns>
    /// <exception cref="SocketException">The port is no longer free.</exception>
    public async Task RestartAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await StopAsync().ConfigureAwait(false);
        Listen(Port);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await StopAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static ApiResource ResourceOf(string kind) =>
        ApiResource.FromKind(kind) ?? throw new ArgumentException("the loopback API server stores Secret, ConfigMap and Pod objects only", nameof(kind));

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var stopping = new CancellationTokenSource();
        lock (_lifecycle)
        {
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _stopping = stopping;
            _acceptLoop = Task.Run(() => AcceptAsync(listener, stopping.Token));
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stopping)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            var connection = new ApiConnection(socket, _state.Time);
            lock (_lifecycle)
            {
                _connections.Add(connection);
                var serving = Task.Run(() => ServeAsync(connection, stopping), CancellationToken.None);
                _inFlight.Add(serving);
                _ = serving.ContinueWith(
                    done =>
                    {
                        lock (_lifecycle)
                        {
                            _inFlight.Remove(done);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    /// <summary>Answers the connection's requests one after the other until it closes or breaks.</summary>
    private async Task ServeAsync(ApiConnection connection, CancellationToken stopping)
    {
        try
        {
            while (await connection.ReadRequestAsync(stopping).ConfigureAwait(false) is { } request)
            {
                await _handler.HandleAsync(connection, request, stopping).ConfigureAwait(false);
                if (connection.CloseAfterResponse)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException or FormatException or OverflowException)
        {
            // The client went away, sent what this server does not read, or the server stopped.
        }
        finally
        {
            lock (_lifecycle)
            {
                _connections.Remove(connection);
            }

            connection.Dispose();
        }
    }
}
