using k8s;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// A loopback API server with the real KubernetesClient pointed at it, over HTTP/1.1 or HTTP/2 cleartext (by prior
/// knowledge), and a deadline that only bounds a hang. One per test.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60)); // a hang bound only: generous for a loaded machine

    public LoopbackCluster(LoopbackApiServerOptions? options = null, ApiServerTransport transport = ApiServerTransport.Http1)
    {
        if (transport is not (ApiServerTransport.Http1 or ApiServerTransport.Http2Cleartext))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "HTTP/1.1 or HTTP/2 cleartext");
        }

        options ??= new LoopbackApiServerOptions();
        options.Transports |= transport;
        Server = LoopbackApiServer.Start(options);
        var configuration = new KubernetesClientConfiguration { Host = Server.AddressOf(transport).ToString() };
        Client = transport == ApiServerTransport.Http2Cleartext ? new k8s.Kubernetes(configuration, new PriorKnowledgeHttp2()) : new k8s.Kubernetes(configuration);
        Sources = KubernetesSources.Create(Client);
    }

    /// <summary>The transports a test over the wire runs on.</summary>
    public static TheoryData<ApiServerTransport> Transports => [ApiServerTransport.Http1, ApiServerTransport.Http2Cleartext];

    public LoopbackApiServer Server { get; }

    public IKubernetes Client { get; }

    public KubernetesSources Sources { get; }

    /// <summary>Cancelled if a test hangs.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>A kubeconfig path of this cluster's own, not yet written; deleted with the cluster.</summary>
    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), "secretprojection-" + Guid.NewGuid().ToString("N") + ".kubeconfig");

    public static Secret Secret(string name, string key = "password", string value = "v1", string ns = "shop") =>
        new() { Name = name, Namespace = ns, Data = DataMap.FromStrings([KeyValuePair.Create(key, value)]) };

    /// <summary>Takes <paramref name="count"/> events, then stops the watch.</summary>
    public async Task<List<WatchEvent<T>>> TakeAsync<T>(IAsyncEnumerable<WatchEvent<T>> watch, int count)
        where T : class
    {
        var events = new List<WatchEvent<T>>();
        if (count == 0)
        {
            return events;
        }

        await foreach (var e in watch.WithCancellation(Deadline))
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>Every event until the watch ends.</summary>
    public async Task<List<WatchEvent<T>>> AllAsync<T>(IAsyncEnumerable<WatchEvent<T>> watch)
        where T : class
    {
        var events = new List<WatchEvent<T>>();
        await foreach (var e in watch.WithCancellation(Deadline))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>The events until the watch throws, and what it threw.</summary>
    public async Task<(List<WatchEvent<T>> Delivered, ObjectSourceException Failure)> UntilFailureAsync<T>(IAsyncEnumerable<WatchEvent<T>> watch)
        where T : class
    {
        var delivered = new List<WatchEvent<T>>();
        var failure = await Assert.ThrowsAsync<ObjectSourceException>(async () =>
        {
            await foreach (var e in watch.WithCancellation(Deadline))
            {
                delivered.Add(e);
            }
        });
        return (delivered, failure);
    }

    public async ValueTask DisposeAsync()
    {
        Sources.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
        _deadline.Dispose();
        File.Delete(KubeconfigPath);
    }
}
