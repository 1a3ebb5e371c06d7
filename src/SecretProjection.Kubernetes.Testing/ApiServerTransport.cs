namespace SecretProjection.Kubernetes.Testing;

/// <summary>How a <see cref="LoopbackApiServer"/> is reached: each transport listens on a port of its own.</summary>
[Flags]
public enum ApiServerTransport
{
    /// <summary>HTTP/1.1 without TLS: <c>http://127.0.0.1:PORT</c>. A client opens a connection per open watch.</summary>
    Http1 = 1,

    /// <summary>
    /// HTTP/2 without TLS, by prior knowledge (h2c): <c>http://127.0.0.1:PORT</c> answering HTTP/2 only, so that watches
    /// share one connection. A client must ask for HTTP/2 exactly (.NET: <c>HttpVersionPolicy.RequestVersionExact</c>);
    /// kubectl, which speaks HTTP/1.1 to an <c>http://</c> server, cannot use it.
    /// </summary>
    Http2Cleartext = 2,

    /// <summary>
    /// TLS with a certificate the server makes when it starts, offering HTTP/2 and HTTP/1.1 by ALPN, as the API server
    /// does: <c>https://127.0.0.1:PORT</c>; its kubeconfig trusts the server's own certificate authority.
    /// </summary>
    Https = 4,
}
