using System.Reflection;
using k8s;
using k8s.Models;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// Watches sent by <see cref="WatchRequestSender"/> through the client: the request KubernetesClient's own watch sends
/// (address, query, protocol), HTTP/2 unless the client disables it, and the client's own watch for a client that is
/// not a <see cref="k8s.Kubernetes"/>, which still works.
/// </summary>
public sealed class WatchRequestSenderTests
{
    [Fact]
    public void This_KubernetesClient_exposes_what_the_sender_reads()
    {
        // If an upgrade of KubernetesClient renames these, watches fall back to the client's own reader: fail here instead.
        Assert.True(WatchRequestSender.IsSupported);
    }

    [Fact]
    public void The_address_has_the_query_the_clients_watch_builds_in_its_order()
    {
        Assert.Equal(
            "api/v1/namespaces/shop/secrets?allowWatchBookmarks=true&fieldSelector=metadata.name%3Ddb&resourceVersion=12&timeoutSeconds=300&watch=true",
            WatchRequestSender.Address("api/v1/namespaces/shop/secrets", "metadata.name=db", "12", 300));
    }

    [Fact]
    public void A_client_that_is_not_a_Kubernetes_client_or_derives_from_one_has_no_sender()
    {
        using var derived = new DerivedClient();

        Assert.Null(WatchRequestSender.For(DispatchProxy.Create<IKubernetes, UnusedClient>()));
        Assert.Null(WatchRequestSender.For(derived));
    }

    [Theory]
    [MemberData(nameof(LoopbackCluster.Transports), MemberType = typeof(LoopbackCluster))]
    public async Task The_watch_asks_what_the_clients_own_watch_asks_over_the_same_protocol(ApiServerTransport transport)
    {
        await using var cluster = new LoopbackCluster(transport: transport);
        var start = cluster.Server.State.ResourceVersion;
        cluster.Server.State.PutSecret(LoopbackCluster.Secret("db"));
        var own = new KubernetesObjectSource<V1Secret, Secret>(ObjectApis.Secrets(cluster.Client, WatchRequestSender.For(cluster.Client)), new Random(7));
        var clients = new KubernetesObjectSource<V1Secret, Secret>(ObjectApis.Secrets(cluster.Client, watches: null), new Random(7));

        await cluster.TakeAsync(own.WatchAsync("shop", "db", start, cluster.Deadline), 1);
        await cluster.TakeAsync(clients.WatchAsync("shop", "db", start, cluster.Deadline), 1);

        var (ours, theirs) = (cluster.Server.State.Requests[^2], cluster.Server.State.Requests[^1]);
        Assert.Equal((theirs.Method, theirs.Path, theirs.Protocol, theirs.User), (ours.Method, ours.Path, ours.Protocol, ours.User));
        Assert.Equal(theirs.Query.OrderBy(p => p.Key), ours.Query.OrderBy(p => p.Key));
        Assert.True(ours.IsWatch);
    }

    [Theory]
    [InlineData(false, "HTTP/2")]
    [InlineData(true, "HTTP/1.1")]
    public async Task Over_TLS_the_watch_is_HTTP2_unless_the_client_disables_it(bool disableHttp2, string protocol)
    {
        await using var server = await LoopbackApiServer.StartAsync(new LoopbackApiServerOptions { Transports = ApiServerTransport.Http1 | ApiServerTransport.Https });
        var kubeconfig = Path.Combine(Path.GetTempPath(), "secretprojection-" + Guid.NewGuid().ToString("N") + ".kubeconfig");
        try
        {
            server.WriteKubeconfig(kubeconfig, "shop", ApiServerTransport.Https);
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            configuration.DisableHttp2 = disableHttp2;
            using var client = new k8s.Kubernetes(configuration);
            using var sources = KubernetesSources.Create(client);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var start = server.State.ResourceVersion;
            server.State.PutSecret(LoopbackCluster.Secret("db"));

            await foreach (var e in sources.Secrets.WatchAsync("shop", "db", start, deadline.Token))
            {
                break;
            }

            var watch = server.State.Requests.Last();
            Assert.True(watch.IsWatch);
            Assert.Equal((protocol, "loopback-admin"), (watch.Protocol, watch.User));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task The_clients_own_watch_still_serves_a_client_without_a_sender()
    {
        await using var cluster = new LoopbackCluster();
        var source = new KubernetesObjectSource<V1Secret, Secret>(ObjectApis.Secrets(cluster.Client, watches: null), new Random(7));
        var start = cluster.Server.State.ResourceVersion;
        var added = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        var modified = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));

        var events = await cluster.TakeAsync(source.WatchAsync("shop", "db", start, cluster.Deadline), 2);
        cluster.Server.State.CompactHistory();
        var expired = await cluster.AllAsync(source.WatchAsync("shop", "db", start, cluster.Deadline));

        Assert.Equal([added, modified], events.Select(e => e.ResourceVersion));
        Assert.True(Assert.Single(expired).Status!.IsExpired);
    }

    /// <summary>A client that may send its requests its own way.</summary>
    private sealed class DerivedClient() : k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

    /// <summary>An <see cref="IKubernetes"/> of someone else's making: never called here.</summary>
    public class UnusedClient : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new NotSupportedException();
    }
}
