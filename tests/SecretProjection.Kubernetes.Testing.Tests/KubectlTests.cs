using System.Text;
using System.Text.Json.Nodes;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Testing.Tests;

/// <summary>
/// Protocol fidelity with the real kubectl (when it is on PATH), over HTTP/1.1 and over TLS (where kubectl speaks
/// HTTP/2 by ALPN), through the kubeconfig the server writes: discovery, get, list, <c>--raw</c>, a watch with a field
/// selector, Pods of a node in all namespaces, Nodes, and ClusterTrustBundles by label. (kubectl cannot use the
/// cleartext HTTP/2 port: over <c>http://</c> it speaks HTTP/1.1.) Without server-side tables, kubectl prints its
/// default columns, NAME and AGE.
/// </summary>
public sealed class KubectlTests
{
    public static TheoryData<ApiServerTransport> Transports => [ApiServerTransport.Http1, ApiServerTransport.Https];

    [KubectlTheory]
    [MemberData(nameof(Transports))]
    public async Task Get_list_and_raw_answer_as_the_api_server_does(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        cluster.State.PutSecret(Secret("db", "s3cr3t"));
        cluster.State.PutSecret(Secret("other", "x"));

        var one = await RunAsync(cluster, "get", "secret", "db", "-o", "json");
        var names = await RunAsync(cluster, "get", "secrets", "-o", "name");
        var table = await RunAsync(cluster, "get", "secrets");
        var raw = await RunAsync(cluster, "get", "--raw", "/api/v1/namespaces/shop/secrets/db");

        var secret = JsonNode.Parse(one)!;
        Assert.Equal(("db", "s3cr3t"), ((string?)secret["metadata"]!["name"], Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["password"]!))));
        Assert.Equal("secret/db\nsecret/other", names);
        Assert.Equal(["NAME", "AGE", "db", "other"], table.Split('\n').SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(1 + (l.StartsWith("NAME", StringComparison.Ordinal) ? 1 : 0))));
        Assert.Equal(cluster.State.GetJson("Secret", "shop", "db"), raw);
        Assert.Contains(cluster.State.Requests, r => r.Path == "/api" || r.Path == "/apis");
        Assert.All(cluster.State.Requests, r => Assert.Equal(cluster.Protocol, r.Protocol));
    }

    [KubectlTheory]
    [MemberData(nameof(Transports))]
    public async Task A_watch_with_a_field_selector_prints_the_changes_of_its_object_only(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        cluster.State.PutSecret(Secret("db", "v1"));
        using var watch = Kubectl.Start(cluster.Kubeconfig, "get", "secrets", "--field-selector", "metadata.name=db", "--watch", "--output-watch-events", "-o", "json");

        var added = await NextEventAsync(watch, cluster);
        await cluster.State.WaitForWatchAsync("Secret", "shop", "db", cluster.Deadline);
        cluster.State.PutSecret(Secret("other", "x"));
        cluster.State.PutSecret(Secret("db", "v2"));
        var modified = await NextEventAsync(watch, cluster);
        cluster.State.Delete("Secret", "shop", "db");
        var deleted = await NextEventAsync(watch, cluster);

        Assert.Equal(("ADDED", "db", "v1"), Describe(added));
        Assert.Equal(("MODIFIED", "db", "v2"), Describe(modified));
        Assert.Equal(("DELETED", "db", "v2"), Describe(deleted));
        var watches = cluster.State.Requests.Where(r => r.IsWatch).ToArray();
        Assert.NotEmpty(watches);
        Assert.All(watches, r => Assert.Equal("metadata.name=db", r.QueryValue("fieldSelector")));
    }

    [KubectlFact]
    public async Task The_pods_of_a_node_nodes_and_cluster_trust_bundles_by_label_are_listed()
    {
        await using var cluster = new TransportCluster(ApiServerTransport.Http1);
        cluster.State.PutJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},"spec":{"nodeName":"node-a","containers":[]}}""");
        cluster.State.PutJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"agent","namespace":"kube-system"},"spec":{"nodeName":"node-a","containers":[]}}""");
        cluster.State.PutJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"db","namespace":"shop"},"spec":{"nodeName":"node-b","containers":[]}}""");
        cluster.State.PutJson("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"}}""");
        cluster.State.PutJson("""{"apiVersion":"certificates.k8s.io/v1beta1","kind":"ClusterTrustBundle","metadata":{"name":"a","labels":{"team":"a"}},"spec":{"signerName":"example.com/s","trustBundle":""}}""");
        cluster.State.PutJson("""{"apiVersion":"certificates.k8s.io/v1beta1","kind":"ClusterTrustBundle","metadata":{"name":"b","labels":{"team":"b"}},"spec":{"signerName":"example.com/s","trustBundle":""}}""");

        var pods = await RunAsync(cluster, "get", "pods", "--all-namespaces", "--field-selector", "spec.nodeName=node-a", "-o", "name");
        var node = await RunAsync(cluster, "get", "node", "node-a", "-o", "name");
        var bundles = await RunAsync(cluster, "get", "clustertrustbundles", "-l", "team=a", "-o", "name");

        Assert.Equal("pod/agent\npod/web", pods);
        Assert.Equal("node/node-a", node);
        Assert.Equal("clustertrustbundle.certificates.k8s.io/a", bundles);
    }

    private static Secret Secret(string name, string value) =>
        new() { Name = name, Namespace = "shop", Data = DataMap.FromStrings([KeyValuePair.Create("password", value)]) };

    private static async Task<string> RunAsync(TransportCluster cluster, params string[] args)
    {
        var (exit, output, error) = await Kubectl.RunAsync(cluster.Kubeconfig, cluster.Deadline, args);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}: {error}");
        return output;
    }

    private static async Task<JsonNode> NextEventAsync(Kubectl watch, TransportCluster cluster) =>
        JsonNode.Parse(await watch.NextLineAsync(cluster.Deadline) ?? throw new InvalidOperationException("kubectl ended its watch: " + string.Join('\n', watch.Errors)))!;

    private static (string?, string?, string) Describe(JsonNode change) =>
        ((string?)change["type"], (string?)change["object"]!["metadata"]!["name"], Encoding.UTF8.GetString(Convert.FromBase64String((string)change["object"]!["data"]!["password"]!)));
}
