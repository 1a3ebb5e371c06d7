using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Testing.Api;
using WatchEventType = SecretProjection.Sources.WatchEventType;

namespace SecretProjection.Kubernetes.Testing.Tests;

/// <summary>
/// Protocol fidelity with the real KubernetesClient, over HTTP/1.1, HTTP/2 cleartext and TLS (HTTP/2 by ALPN), each
/// through the kubeconfig the server writes: the library's sources (get, list by name, watch with bookmarks, 410), the
/// watches multiplexed on one HTTP/2 connection, and what the node agent and the token projection will ask: Pods of a
/// node in all namespaces with their status and deletion, Nodes, ClusterTrustBundles by label, TokenRequests.
/// </summary>
public sealed class KubernetesClientTests
{
    [Theory]
    [MemberData(nameof(TransportCluster.Transports), MemberType = typeof(TransportCluster))]
    public async Task The_sources_get_list_and_watch_with_bookmarks(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        using var sources = KubernetesSources.Create(cluster.Client);
        var put = cluster.State.PutSecret(Secret("db", "v1"));

        var got = await sources.Secrets.GetAsync("shop", "db", cluster.Deadline);
        var list = await sources.Secrets.ListAsync("shop", "db", cluster.Deadline);
        var events = Take(sources.Secrets.WatchAsync("shop", "db", list.ResourceVersion, cluster.Deadline), 2, cluster.Deadline);
        await cluster.State.WaitForWatchAsync("Secret", "shop", "db", cluster.Deadline);
        var modified = cluster.State.PutSecret(Secret("db", "v2"));
        cluster.State.SendBookmarks();

        Assert.Equal((LookupStatus.Found, put, "v1"), (got.Status, got.Value!.ResourceVersion, Value(got.Value)));
        Assert.Equal(("db", put), (list.Item!.Name, list.ResourceVersion));
        Assert.Equal(
            [(WatchEventType.Modified, modified, "v2"), (WatchEventType.Bookmark, modified, null)],
            (await events).Select(e => (e.Type, e.ResourceVersion, e.Object is null ? null : Value(e.Object))));
        var requests = cluster.State.Requests;
        Assert.Equal(["/api/v1/namespaces/shop/secrets/db", "/api/v1/namespaces/shop/secrets", "/api/v1/namespaces/shop/secrets"], requests.Select(r => r.Path));
        Assert.Equal("metadata.name=db", requests[1].QueryValue("fieldSelector"));
        Assert.Equal(("true", "true", "metadata.name=db"), (requests[2].QueryValue("watch"), requests[2].QueryValue("allowWatchBookmarks"), requests[2].QueryValue("fieldSelector")));
        Assert.All(requests, r => Assert.Equal((cluster.Protocol, cluster.User), (r.Protocol, r.User)));
    }

    [Theory]
    [MemberData(nameof(TransportCluster.Transports), MemberType = typeof(TransportCluster))]
    public async Task A_watch_from_a_compacted_resource_version_gets_the_410_error_event_and_a_list_gets_410(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        using var sources = KubernetesSources.Create(cluster.Client);
        var old = cluster.State.PutSecret(Secret("db", "v1"));
        cluster.State.PutSecret(Secret("db", "v2"));
        cluster.State.CompactHistory();

        var expired = Assert.Single(await Take(sources.Secrets.WatchAsync("shop", "db", old, cluster.Deadline), 2, cluster.Deadline));
        var list = await Record.ExceptionAsync(() => cluster.Client.CoreV1.ListNamespacedSecretAsync("shop", resourceVersion: old, cancellationToken: cluster.Deadline));

        Assert.Equal((WatchEventType.Error, true), (expired.Type, expired.Status!.IsExpired));
        Assert.Equal(System.Net.HttpStatusCode.Gone, Assert.IsType<HttpOperationException>(list).Response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TransportCluster.Transports), MemberType = typeof(TransportCluster))]
    public async Task Watches_share_one_connection_over_http2_and_take_one_each_over_http1(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        using var sources = KubernetesSources.Create(cluster.Client);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cluster.Deadline);
        var names = Enumerable.Range(0, 5).Select(i => "s" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var watches = names.Select(name => Take(sources.Secrets.WatchAsync("shop", name, cluster.State.ResourceVersion, stop.Token), 1, stop.Token)).ToArray();

        await cluster.State.WaitForOpenWatchesAsync(names.Length, cluster.Deadline);
        var connections = cluster.State.Requests.Where(r => r.IsWatch).Select(r => r.Connection).Distinct().Count();

        // (Cancelled, KubernetesClient's watches end over HTTP/1.1, but over HTTP/2 leave their streams open: the
        // server stops them here.)
        await stop.CancelAsync();
        await Task.WhenAll(watches.Select(w => Record.ExceptionAsync(() => w)));
        Assert.Equal(transport == ApiServerTransport.Http1 ? names.Length : 1, connections);
    }

    [Theory]
    [MemberData(nameof(TransportCluster.Transports), MemberType = typeof(TransportCluster))]
    public async Task The_pods_of_a_node_are_listed_and_watched_in_all_namespaces_through_status_updates_and_deletion(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        cluster.State.PutJson(PodJson("shop", "web", "node-a"));
        cluster.State.PutJson(PodJson("other", "elsewhere", "node-b"));
        cluster.State.PutJson(PodJson("kube-system", "agent", "node-a"));

        var list = await cluster.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=node-a", cancellationToken: cluster.Deadline);
        var watch = TakeWatch(cluster.Client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=node-a", resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, cancellationToken: cluster.Deadline), 4, cluster.Deadline);
        await cluster.State.WaitForOpenWatchesAsync(1, cluster.Deadline);
        cluster.State.PutJson(PodJson("batch", "job", "node-a"));
        cluster.State.PutJson(PodJson("other", "late", "node-b"));
        cluster.State.SetPodPhase("shop", "web", "Running");
        cluster.State.SetPodPhase("batch", "job", "Succeeded");
        cluster.State.Delete("Pod", "shop", "web");

        Assert.Equal(["kube-system/agent", "shop/web"], list.Items.Select(p => p.Namespace() + "/" + p.Name()));
        Assert.Equal(
            ["Added batch/job ", "Modified shop/web Running", "Modified batch/job Succeeded", "Deleted shop/web Running"],
            (await watch).Select(e => $"{e.Type} {e.Object.Namespace()}/{e.Object.Name()} {e.Object.Status?.Phase}"));
    }

    [Theory]
    [MemberData(nameof(TransportCluster.Transports), MemberType = typeof(TransportCluster))]
    public async Task A_token_request_gets_a_token_bound_to_the_pod_that_expires_on_the_servers_clock(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        cluster.State.PutJson("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder","namespace":"shop","uid":"sa-uid"}}""");
        cluster.State.PutJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop","uid":"pod-uid"},"spec":{"serviceAccountName":"builder","containers":[]}}""");
        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                Audiences = ["vault"],
                ExpirationSeconds = 1200,
                BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = "web", Uid = "pod-uid" },
            },
        };

        var answer = await cluster.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, "builder", "shop", cancellationToken: cluster.Deadline);

        Assert.Equal(cluster.Time.GetUtcNow().AddSeconds(1200), new DateTimeOffset(answer.Status.ExpirationTimestamp!.Value, TimeSpan.Zero));
        Assert.Equal(["vault"], answer.Spec.Audiences);
        var parts = answer.Status.Token.Split('.');
        Assert.Equal(3, parts.Length);
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Padded(parts[1]))))!;
        Assert.Equal(
            ("system:serviceaccount:shop:builder", "vault", "pod-uid", "sa-uid", cluster.Time.GetUtcNow().AddSeconds(1200).ToUnixTimeSeconds()),
            ((string?)claims["sub"], (string?)claims["aud"]![0], (string?)claims["kubernetes.io"]!["pod"]!["uid"], (string?)claims["kubernetes.io"]!["serviceaccount"]!["uid"], (long)claims["exp"]!));
        var issued = Assert.Single(cluster.State.IssuedTokens);
        Assert.Equal(("builder", "Pod", "web", "pod-uid", answer.Status.Token), (issued.ServiceAccount, issued.BoundObjectKind, issued.BoundObjectName, issued.BoundObjectUid, issued.Token));
        Assert.Equal("POST /api/v1/namespaces/shop/serviceaccounts/builder/token", cluster.State.Requests.Single().ToString());
    }

    [Theory]
    [MemberData(nameof(TransportCluster.Transports), MemberType = typeof(TransportCluster))]
    public async Task Nodes_and_cluster_trust_bundles_are_read_at_cluster_scope(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        cluster.State.PutJson("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"},"status":{"allocatable":{"cpu":"4","memory":"8Gi"}}}""");
        cluster.State.PutJson(BundleJson("a", "example.com/signer", "team-a"));
        cluster.State.PutJson(BundleJson("b", "example.com/signer", "team-b"));

        var node = await cluster.Client.CoreV1.ReadNodeAsync("node-a", cancellationToken: cluster.Deadline);
        var bundles = await cluster.Client.CertificatesV1beta1.ListClusterTrustBundleAsync(labelSelector: "team in (team-a)", fieldSelector: "spec.signerName=example.com/signer", cancellationToken: cluster.Deadline);

        Assert.Equal("8Gi", node.Status.Allocatable["memory"].ToString());
        var bundle = Assert.Single(bundles.Items);
        Assert.Equal(("a", "example.com/signer", "certificates.k8s.io/v1beta1"), (bundle.Name(), bundle.Spec.SignerName, bundles.ApiVersion));
    }

    [Theory]
    [MemberData(nameof(TransportCluster.Transports), MemberType = typeof(TransportCluster))]
    public async Task A_server_that_asks_for_a_bearer_token_refuses_requests_without_it(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport, new LoopbackApiServerOptions { BearerToken = "loopback-token" });
        cluster.State.PutSecret(Secret("db", "v1"));
        using var refused = cluster.Connect(cluster.AnonymousKubeconfig());

        var got = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: cluster.Deadline);
        var failure = await Record.ExceptionAsync(() => refused.CoreV1.ReadNamespacedSecretAsync("db", "shop", cancellationToken: cluster.Deadline));

        Assert.Equal("db", got.Name());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, Assert.IsType<HttpOperationException>(failure).Response.StatusCode);
        Assert.Equal([transport == ApiServerTransport.Https ? cluster.User : "loopback-token-user", null], cluster.State.Requests.Select(r => r.User));
    }

    [Fact]
    public async Task Over_tls_an_anonymous_client_is_served_unless_a_client_certificate_is_required()
    {
        await using var open = new TransportCluster(ApiServerTransport.Https);
        await using var closed = new TransportCluster(ApiServerTransport.Https, new LoopbackApiServerOptions { RequireClientCertificate = true });
        using var anonymous = open.Connect(open.AnonymousKubeconfig());
        using var refused = closed.Connect(closed.AnonymousKubeconfig());

        var served = await anonymous.CoreV1.ListNamespacedSecretAsync("shop", cancellationToken: open.Deadline);
        var failure = await Record.ExceptionAsync(() => refused.CoreV1.ListNamespacedSecretAsync("shop", cancellationToken: closed.Deadline));
        var admin = await closed.Client.CoreV1.ListNamespacedSecretAsync("shop", cancellationToken: closed.Deadline);

        Assert.Empty(served.Items);
        Assert.IsType<HttpRequestException>(failure);
        Assert.Empty(admin.Items);
        Assert.Equal(["system:anonymous"], open.State.Requests.Select(r => r.User));
        Assert.Equal(["loopback-admin"], closed.State.Requests.Select(r => r.User));
    }

    private static Secret Secret(string name, string value) =>
        new() { Name = name, Namespace = "shop", Data = DataMap.FromStrings([KeyValuePair.Create("password", value)]) };

    private static string Value(Secret secret) => Encoding.UTF8.GetString(secret.Data["password"].Span);

    private static string PodJson(string ns, string name, string node) =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{"nodeName":"{{{node}}}","containers":[{"name":"app","image":"app"}]}}""";

    private static string BundleJson(string name, string signer, string team) =>
        $$$"""{"apiVersion":"certificates.k8s.io/v1beta1","kind":"ClusterTrustBundle","metadata":{"name":"{{{name}}}","labels":{"team":"{{{team}}}"}},"spec":{"signerName":"{{{signer}}}","trustBundle":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"}}""";

    private static string Padded(string base64Url) =>
        base64Url.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (base64Url.Length % 4)) % 4);

    private static async Task<List<WatchEvent<T>>> Take<T>(IAsyncEnumerable<WatchEvent<T>> watch, int count, CancellationToken cancellationToken)
        where T : class
    {
        var events = new List<WatchEvent<T>>();
        await foreach (var e in watch.WithCancellation(cancellationToken))
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    private static async Task<List<(k8s.WatchEventType Type, T Object)>> TakeWatch<T>(IAsyncEnumerable<(k8s.WatchEventType, T)> watch, int count, CancellationToken cancellationToken)
    {
        var events = new List<(k8s.WatchEventType, T)>();
        await foreach (var e in watch.WithCancellation(cancellationToken))
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }
}
