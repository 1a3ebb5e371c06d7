using System.Net;
using k8s;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Testing.Api;

namespace SecretProjection.Kubernetes.Testing.Tests;

/// <summary>
/// A server listening on every transport, on a fake clock, and the real KubernetesClient pointed at one of them
/// through the kubeconfig the server writes for it. Over HTTP/2 cleartext the client is told to speak HTTP/2 by prior
/// knowledge (KubernetesClient asks for HTTP/2 or lower, which over <c>http://</c> means HTTP/1.1); over TLS it gets
/// HTTP/2 by ALPN, as it asks. One per test.
/// </summary>
internal sealed class TransportCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60)); // a hang bound only: generous for a loaded machine
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), "secretprojection-transport-" + Guid.NewGuid().ToString("N") + ".kubeconfig");

    public TransportCluster(ApiServerTransport transport, LoopbackApiServerOptions? options = null)
    {
        Transport = transport;
        options ??= new LoopbackApiServerOptions();
        options.Transports = ApiServerTransport.Http1 | ApiServerTransport.Http2Cleartext | ApiServerTransport.Https;
        options.State ??= new ApiServerState(new ApiServerStateOptions { TimeProvider = Time });
        Server = LoopbackApiServer.Start(options);
        Server.WriteKubeconfig(_kubeconfig, "shop", transport);
        Client = Connect(_kubeconfig);
    }

    public ApiServerTransport Transport { get; }

    /// <summary>The kubeconfig the server wrote for this transport, context namespace <c>shop</c>.</summary>
    public string Kubeconfig => _kubeconfig;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

    public LoopbackApiServer Server { get; }

    public ApiServerState State => Server.State;

    public IKubernetes Client { get; }

    public CancellationToken Deadline => _deadline.Token;

    /// <summary>The user the server sees with this transport's kubeconfig: over TLS, its client certificate's.</summary>
    public string User => Transport == ApiServerTransport.Https ? "loopback-admin" : "system:anonymous";

    /// <summary>The protocol the server sees requests over on this transport.</summary>
    public string Protocol => Transport == ApiServerTransport.Http1 ? "HTTP/1.1" : "HTTP/2";

    public static TheoryData<ApiServerTransport> Transports => [ApiServerTransport.Http1, ApiServerTransport.Http2Cleartext, ApiServerTransport.Https];

    /// <summary>A client from a kubeconfig, as a user builds one, speaking HTTP/2 by prior knowledge on the cleartext HTTP/2 transport.</summary>
    public IKubernetes Connect(string kubeconfig)
    {
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        return Transport == ApiServerTransport.Http2Cleartext ? new k8s.Kubernetes(configuration, new PriorKnowledgeHttp2()) : new k8s.Kubernetes(configuration);
    }

    /// <summary>This transport's kubeconfig without its user: a client that sends no credentials.</summary>
    public string AnonymousKubeconfig()
    {
        var text = Server.CreateKubeconfig("shop", Transport);
        var users = text.IndexOf("users:\n", StringComparison.Ordinal);
        if (users >= 0)
        {
            text = text[..users] + text[text.IndexOf("contexts:\n", StringComparison.Ordinal)..];
        }

        return WriteKubeconfig(text.Replace("    user: loopback\n", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>A kubeconfig of this cluster's transport, written to a file of its own (deleted with the cluster).</summary>
    public string WriteKubeconfig(string text)
    {
        var path = _kubeconfig + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(path, text);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _deadline.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_kubeconfig)!, Path.GetFileName(_kubeconfig) + "*"))
        {
            File.Delete(file);
        }

        // kubectl's discovery cache.
        if (Directory.Exists(_kubeconfig + ".cache"))
        {
            Directory.Delete(_kubeconfig + ".cache", recursive: true);
        }
    }

    /// <summary>Asks for HTTP/2 exactly: over <c>http://</c>, HTTP/2 by prior knowledge (h2c).</summary>
    private sealed class PriorKnowledgeHttp2 : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
