using SecretProjection.Testing.Api;

namespace SecretProjection.Kubernetes.Testing;

/// <summary>Settings of a <see cref="LoopbackApiServer"/>.</summary>
public sealed class LoopbackApiServerOptions
{
    /// <summary>
    /// The simulated API the server answers from: give one to share it with in-memory sources or another server, or to
    /// set its history capacity and clock (<see cref="ApiServerStateOptions"/>). Default: a new one with default settings.
    /// </summary>
    public ApiServerState? State { get; set; }

    /// <summary>The transports to listen on, each on a port of its own. Default: <see cref="ApiServerTransport.Http1"/>.</summary>
    public ApiServerTransport Transports { get; set; } = ApiServerTransport.Http1;

    /// <summary>The port of HTTP/1.1, on 127.0.0.1; 0 picks a free one. Default: 0.</summary>
    public int Port { get; set; }

    /// <summary>
    /// A bearer token every request must carry (<c>Authorization: Bearer …</c>), unless it comes with a client
    /// certificate the server issued; others get 401 <c>Unauthorized</c>. The kubeconfigs carry it. Default: none, every
    /// request is served as <c>system:anonymous</c>.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// Whether TLS connections must present a client certificate the server issued (the kubeconfig of
    /// <see cref="ApiServerTransport.Https"/> carries one). A certificate is accepted, and names the user, either way.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>How many streams (watches and requests in flight) a client may open on one HTTP/2 connection. Default: 1000.</summary>
    public int Http2MaxStreamsPerConnection { get; set; } = 1000;
}
