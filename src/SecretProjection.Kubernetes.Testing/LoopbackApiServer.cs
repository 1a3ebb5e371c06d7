using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using SecretProjection.Testing.Api;

namespace SecretProjection.Kubernetes.Testing;

/// <summary>
/// A Kubernetes API server in process on 127.0.0.1, on Kestrel, for tests and samples: it answers every request from a
/// simulated API (<see cref="State"/>: objects, resourceVersions, history, watches, faults, TokenRequests; see
/// <see cref="ApiServerState"/> for what it serves), so that the real KubernetesClient, kubectl or any client can be
/// pointed at it, over HTTP/1.1, HTTP/2 cleartext (h2c) and TLS with ALPN (<see cref="ApiServerTransport"/>), with a
/// kubeconfig for each (<see cref="CreateKubeconfig"/>).
/// </summary>
/// <remarks>
/// <para>
/// A watch's headers go out at once, as the API server flushes them; its events follow as they happen, one line of
/// JSON each (chunked over HTTP/1.1, DATA frames over HTTP/2); a fault can cut one in half and break the connection
/// (over HTTP/2, the stream is reset). Faults of the transport itself: <see cref="StopAsync"/> refuses connections and
/// breaks every watch it serves, and <see cref="RestartAsync"/> listens again on the same ports, with the same state.
/// </para>
/// <para>
/// Requests are anonymous (<c>system:anonymous</c>) unless <see cref="LoopbackApiServerOptions.BearerToken"/> or
/// <see cref="LoopbackApiServerOptions.RequireClientCertificate"/> asks for credentials. Thread-safe.
/// <see cref="DisposeAsync"/> stops the server and waits, for a bounded time, for its requests to end.
/// </para>
/// </remarks>
public sealed class LoopbackApiServer : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(5);

    private readonly LoopbackApiServerOptions _options;
    private readonly LoopbackCertificates _certificates;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Dictionary<ApiServerTransport, int> _ports = [];
    private WebApplication? _app;
    private CancellationTokenSource? _stopping;
    private bool _disposed;

    private LoopbackApiServer(LoopbackApiServerOptions options)
    {
        _options = options;
        State = options.State ?? new ApiServerState();
        _certificates = LoopbackCertificates.Create();
        _ports[ApiServerTransport.Http1] = options.Port;
    }

    /// <summary>The simulated API the server answers from: put objects, inject faults and read the requests here.</summary>
    public ApiServerState State { get; }

    /// <summary>The port of HTTP/1.1, on 127.0.0.1; every port is kept across <see cref="RestartAsync"/>.</summary>
    public int Port => _ports[ApiServerTransport.Http1];

    /// <summary>The address of HTTP/1.1: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress => AddressOf(ApiServerTransport.Http1);

    /// <summary>Whether the server accepts connections (false after <see cref="StopAsync"/>).</summary>
    public bool IsRunning => Volatile.Read(ref _app) is not null;

    /// <summary>The certificate authority that issued the TLS server certificate, in PEM, for a client to trust.</summary>
    public string CertificateAuthorityPem => _certificates.Authority.ExportCertificatePem();

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">A port could not be listened on.</exception>
    public static LoopbackApiServer Start(LoopbackApiServerOptions? options = null) => StartAsync(options).GetAwaiter().GetResult();

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">A port could not be listened on.</exception>
    public static async Task<LoopbackApiServer> StartAsync(LoopbackApiServerOptions? options = null)
    {
        options ??= new LoopbackApiServerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, "options.Port");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, "options.Port");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Http2MaxStreamsPerConnection, 1, "options.Http2MaxStreamsPerConnection");
        if ((options.Transports & ApiServerTransport.Http1) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "options.Transports must include Http1");
        }

        var server = new LoopbackApiServer(options);
        await server.ListenAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>The address of a transport the server listens on: <c>http://127.0.0.1:PORT/</c> or <c>https://127.0.0.1:PORT/</c>.</summary>
    /// <param name="transport">One transport.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException">The server does not listen on that transport.</exception>
    public Uri AddressOf(ApiServerTransport transport)
    {
        if (!_ports.TryGetValue(transport, out var port) || (_options.Transports & transport) == 0)
        {
            throw new ArgumentException($"the server does not listen on {transport}; see LoopbackApiServerOptions.Transports", nameof(transport));
        }

        var scheme = transport == ApiServerTransport.Https ? "https" : "http";
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{scheme}://127.0.0.1:{port}/"));
    }

    /// <summary>
    /// A kubeconfig for this server over a transport: its address, and the credentials it asks for (a bearer token);
    /// over TLS, also its certificate authority and a client certificate it issued (user <c>loopback-admin</c>), as a
    /// cluster's admin kubeconfig has: kubectl asks for a user name and password on its terminal when a kubeconfig
    /// names no credentials for a TLS server. Over HTTP, without credentials asked for, the context names no user.
    /// </summary>
    /// <param name="namespace">The namespace of the context.</param>
    /// <param name="transport">The transport; for <see cref="ApiServerTransport.Http2Cleartext"/> the client must be made to speak HTTP/2 by prior knowledge.</param>
    /// <returns>The kubeconfig as YAML.</returns>
    /// <exception cref="ArgumentException">The server does not listen on that transport.</exception>
    public string CreateKubeconfig(string @namespace = "default", ApiServerTransport transport = ApiServerTransport.Http1)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        var address = AddressOf(transport);
        var tls = transport == ApiServerTransport.Https;
        return LoopbackKubeconfig.Text(
            address,
            @namespace,
            tls ? CertificateAuthorityPem : null,
            _options.BearerToken,
            tls ? (_certificates.Client.ExportCertificatePem(), _certificates.Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()) : null);
    }

    /// <summary>Writes <see cref="CreateKubeconfig"/> to a file, for a tool to be pointed at the server.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="namespace">The namespace of the context.</param>
    /// <param name="transport">The transport.</param>
    public void WriteKubeconfig(string path, string @namespace = "default", ApiServerTransport transport = ApiServerTransport.Http1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, CreateKubeconfig(@namespace, transport));
    }

    /// <summary>
    /// Stops listening and breaks every connection, the watches it serves included; the state is kept for
    /// <see cref="RestartAsync"/>. Waits a bounded time for requests in progress to end.
    /// </summary>
    /// <returns>The stop.</returns>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopListeningAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Listens again on the same ports, after <see cref="StopAsync"/> (which it does first if the server runs).</summary>
    /// <returns>The restart.</returns>
    /// <exception cref="IOException">A port is no longer free.</exception>
    public async Task RestartAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await StopAsync().ConfigureAwait(false);
        await ListenAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        _certificates.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static Dictionary<string, string> QueryOf(IQueryCollection query) =>
        query.ToDictionary(p => p.Key, p => p.Value.Count == 0 ? string.Empty : p.Value[^1] ?? string.Empty, StringComparer.Ordinal);

    private async Task ListenAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            var listening = new Dictionary<ApiServerTransport, ListenOptions>();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MinResponseDataRate = null;
                kestrel.Limits.Http2.MaxStreamsPerConnection = _options.Http2MaxStreamsPerConnection;
                foreach (var transport in (ApiServerTransport[])[ApiServerTransport.Http1, ApiServerTransport.Http2Cleartext, ApiServerTransport.Https])
                {
                    if ((_options.Transports & transport) != 0)
                    {
                        kestrel.Listen(IPAddress.Loopback, _ports.GetValueOrDefault(transport), listen =>
                        {
                            listening[transport] = listen;
                            Configure(listen, transport);
                        });
                    }
                }
            });
            var app = builder.Build();
            var stopping = new CancellationTokenSource();
            app.Run(context => HandleAsync(context, stopping.Token));
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                stopping.Dispose();
                throw;
            }

            foreach (var (transport, listen) in listening)
            {
                _ports[transport] = listen.IPEndPoint!.Port;
            }

            _stopping = stopping;
            Volatile.Write(ref _app, app);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private void Configure(ListenOptions listen, ApiServerTransport transport)
    {
        switch (transport)
        {
            case ApiServerTransport.Http1:
                listen.Protocols = HttpProtocols.Http1;
                break;
            case ApiServerTransport.Http2Cleartext:
                listen.Protocols = HttpProtocols.Http2;
                break;
            default:
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = _certificates.Server,
                    ClientCertificateMode = _options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (certificate, _, _) => _certificates.Issued(certificate),
                });
                break;
        }
    }

    private async Task StopListeningAsync()
    {
        var app = Volatile.Read(ref _app);
        if (app is null)
        {
            return;
        }

        Volatile.Write(ref _app, null);
        var stopping = _stopping!;
        _stopping = null;

        // Every watch this server serves breaks at once; Kestrel then closes the connections.
        await stopping.CancelAsync().ConfigureAwait(false);
        using (var bound = new CancellationTokenSource(ShutdownBound, TimeProvider.System))
        {
            try
            {
                await app.StopAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Bounded so that a test never hangs on a request that does not let go.
            }
        }

        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    /// <summary>Answers one request from the state (which refuses it when it has no user): writes the answer, or streams the watch.</summary>
    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var user = Authenticate(context);
        var http = context.Request;
        string? body = null;
        if (http.ContentLength > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(http.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var request = new RecordedRequest(http.Method, http.Path.Value ?? "/", QueryOf(http.Query))
        {
            Body = body,
            Protocol = http.Protocol,
            Connection = context.Connection.Id,
            User = user,
        };
        var answer = State.Serve(request);
        if (answer.BreakConnection)
        {
            context.Abort();
            return;
        }

        if (answer.Watch is not { } watch)
        {
            await WriteAsync(context, answer.StatusCode, answer.Body!, answer.ContentType).ConfigureAwait(false);
            return;
        }

        using (watch)
        {
            await StreamAsync(context, answer, watch, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a watch: the headers at once, as the API server flushes them, then each event as it comes. Over HTTP/1.1
    /// the chunks are framed here rather than by Kestrel, so that a stream can be cut: the chunks written are sent, then
    /// the connection closes without the last chunk. (Kestrel's abort would close the socket at once, which can lose
    /// the bytes still queued.) Over HTTP/2 a cut resets the stream, after the frames queued before it.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, ApiResponse answer, ApiWatchStream watch, CancellationToken stopping)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var response = context.Response;
        var chunked = HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol);
        response.StatusCode = answer.StatusCode;
        response.ContentType = answer.ContentType;
        response.Headers.CacheControl = "no-cache, private";
        if (chunked)
        {
            response.Headers.TransferEncoding = "chunked";
        }

        try
        {
            await response.StartAsync(ended.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);
            while (await watch.ReadLineAsync(ended.Token).ConfigureAwait(false) is { } line)
            {
                var bytes = Encoding.UTF8.GetBytes(line);
                await response.Body.WriteAsync(chunked ? Chunk(bytes) : bytes, ended.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);
            }

            if (chunked && !watch.Broken && !stopping.IsCancellationRequested)
            {
                await response.Body.WriteAsync("0\r\n\r\n"u8.ToArray(), ended.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away, or the server stops.
        }

        if (stopping.IsCancellationRequested || (watch.Broken && !chunked))
        {
            context.Abort();
        }
        else if (watch.Broken)
        {
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }
    }

    /// <summary>One chunk of a chunked HTTP/1.1 body: its size in hex, the bytes, and the line ends.</summary>
    private static byte[] Chunk(byte[] bytes)
    {
        var size = Encoding.ASCII.GetBytes(bytes.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        return [.. size, .. bytes, .. "\r\n"u8];
    }

    /// <summary>
    /// The user a request authenticates as: its client certificate's common name, the bearer token's user, or
    /// <c>system:anonymous</c>; <see langword="null"/> when the server asks for credentials and the request has none.
    /// </summary>
    private string? Authenticate(HttpContext context)
    {
        if (context.Connection.ClientCertificate is { } certificate && _certificates.Issued(certificate))
        {
            return certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        }

        if (_options.BearerToken is not { } token)
        {
            return "system:anonymous";
        }

        return context.Request.Headers.Authorization.ToString() == "Bearer " + token ? "loopback-token-user" : null;
    }

    private static async Task WriteAsync(HttpContext context, int code, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = context.Response;
        response.StatusCode = code;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        response.Headers.CacheControl = "no-cache, private";
        try
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away.
        }
    }
}
