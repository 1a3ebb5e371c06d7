using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Testing.Api;
using SecretProjection.Testing.Sources;

namespace SecretProjection.Testing.Tests.Api;

/// <summary>
/// The simulated API's answers, as <see cref="ApiServerState.Serve"/> gives them to a transport: selections by field
/// and label (and the events of an object entering or leaving one), cluster-scoped and all-namespace paths, versions,
/// TokenRequests and their errors, discovery; and one state seen through an in-memory source and a transport at once.
/// </summary>
public sealed class ApiServerStateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _hang = new(TimeSpan.FromSeconds(60));
    private readonly ApiServerState _state;

    public ApiServerStateTests()
    {
        _state = new ApiServerState(new ApiServerStateOptions { TimeProvider = _time });
    }

    [Fact]
    public async Task A_watch_of_a_node_gets_a_pod_as_added_when_it_is_scheduled_there_and_as_deleted_when_it_finishes_its_selection()
    {
        _state.PutJson(Pod("shop", "web", node: null));
        using var watch = Watch("/api/v1/pods", "fieldSelector=spec.nodeName%3Dnode-a,status.phase!%3DSucceeded");

        _state.PutJson(Pod("shop", "web", node: "node-a"));
        _state.SetPodPhase("shop", "web", "Running");
        _state.SetPodPhase("shop", "web", "Succeeded");
        _state.PutJson(Pod("other", "db", node: "node-b"));
        _state.Delete("Pod", "shop", "web");
        _state.DropWatches();

        Assert.Equal(["ADDED shop/web ", "MODIFIED shop/web Running", "DELETED shop/web Succeeded"], await LinesAsync(watch));
    }

    [Theory]
    [InlineData("team=a", "a")]
    [InlineData("team!=a", "b,c")]
    [InlineData("team in (a, b)", "a,b")]
    [InlineData("team notin (a)", "b,c")]
    [InlineData("tier", "a,b")]
    [InlineData("!tier", "c")]
    [InlineData("team=a,tier=gold", "a")]
    public void Cluster_trust_bundles_are_listed_by_label_at_both_versions(string selector, string expected)
    {
        _state.PutJson(Bundle("a", "team", "a", "tier", "gold"));
        _state.PutJson(Bundle("b", "team", "b", "tier", "silver"));
        _state.PutJson(Bundle("c", "team", "c"));

        foreach (var version in (string[])["v1beta1", "v1alpha1"])
        {
            var list = Json(Get($"/apis/certificates.k8s.io/{version}/clustertrustbundles", "labelSelector=" + Uri.EscapeDataString(selector)));

            Assert.Equal(("ClusterTrustBundleList", "certificates.k8s.io/" + version), ((string?)list["kind"], (string?)list["apiVersion"]));
            Assert.Equal(expected, string.Join(',', list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"])));
        }

        Assert.Equal("certificates.k8s.io/v1alpha1", (string?)Json(Get("/apis/certificates.k8s.io/v1alpha1/clustertrustbundles/a"))["apiVersion"]);
    }

    [Theory]
    [InlineData("GET", "/api/v1/secrets/db", 404)]
    [InlineData("GET", "/api/v1/namespaces/shop/nodes/node-a", 404)]
    [InlineData("GET", "/apis/certificates.k8s.io/v1/clustertrustbundles", 404)]
    [InlineData("DELETE", "/api/v1/namespaces/shop/secrets/db", 405)]
    [InlineData("GET", "/api/v1/nodes/node-a", 200)]
    [InlineData("GET", "/api/v1/secrets", 200)]
    [InlineData("GET", "/version", 200)]
    [InlineData("GET", "/healthz", 200)]
    public void Paths_are_served_at_the_scope_of_their_resource(string method, string path, int code)
    {
        _state.PutJson("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"}}""");

        Assert.Equal(code, _state.Serve(new RecordedRequest(method, path, new Dictionary<string, string>())).StatusCode);
    }

    [Fact]
    public void Discovery_names_each_resource_where_kubectl_looks_for_it()
    {
        var core = Json(Get("/api/v1"));
        var groups = Json(Get("/apis"));
        var certificates = Json(Get("/apis/certificates.k8s.io/v1beta1"));

        Assert.Equal(
            ["secrets", "configmaps", "serviceaccounts", "serviceaccounts/token", "pods", "nodes"],
            core["resources"]!.AsArray().Select(r => (string?)r!["name"]));
        Assert.Equal("certificates.k8s.io/v1beta1", (string?)groups["groups"]![0]!["preferredVersion"]!["groupVersion"]);
        Assert.Equal(("clustertrustbundles", false), ((string?)certificates["resources"]![0]!["name"], (bool)certificates["resources"]![0]!["namespaced"]!));
    }

    [Fact]
    public void A_token_request_defaults_its_lifetime_and_audiences_and_expires_on_the_clock()
    {
        _state.PutJson("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"shop"}}""");

        var answer = Json(Token("shop", "default", "{}", expected: 201));

        Assert.Equal((3600, "https://kubernetes.default.svc.cluster.local"), ((int)answer["spec"]!["expirationSeconds"]!, (string?)answer["spec"]!["audiences"]![0]));
        Assert.Equal("2026-11-30T09:00:00Z", (string?)answer["status"]!["expirationTimestamp"]);
        Assert.Equal(_time.GetUtcNow().AddHours(1), Assert.Single(_state.IssuedTokens).ExpiresAt);
        Assert.DoesNotContain(Assert.Single(_state.IssuedTokens).Token, _state.IssuedTokens[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_token_request_at_the_same_time_gets_the_same_token_shape_and_a_later_one_another_expiry()
    {
        _state.PutJson("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"shop"}}""");

        var first = Json(Token("shop", "default", """{"spec":{"expirationSeconds":600}}""", expected: 201));
        _time.Advance(TimeSpan.FromMinutes(8));
        var second = Json(Token("shop", "default", """{"spec":{"expirationSeconds":600}}""", expected: 201));

        Assert.Equal(["2026-11-30T08:10:00Z", "2026-11-30T08:18:00Z"], new[] { first, second }.Select(a => (string?)a["status"]!["expirationTimestamp"]));
        Assert.NotEqual((string?)first["status"]!["token"], (string?)second["status"]!["token"]);
    }

    [Theory]
    [InlineData("""{"spec":{"expirationSeconds":60}}""", 422, "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes")]
    [InlineData("""{"spec":{"boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"missing"}}}""", 404, "pods \"missing\" not found")]
    [InlineData("""{"spec":{"boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"other-sa"}}}""", 400, "cannot bind token for serviceaccount \"default\" to pod running with different serviceaccount name.")]
    [InlineData("""{"spec":{"boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"web","uid":"old"}}}""", 409, "Operation cannot be fulfilled on Pod \"web\": the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated")]
    [InlineData("""{"spec":{"boundObjectRef":{"apiVersion":"v1","kind":"ConfigMap","name":"web"}}}""", 400, "cannot bind token to object of type /v1, Kind=ConfigMap")]
    [InlineData("not json", 400, "the body of a TokenRequest must be a JSON object")]
    public void A_token_request_the_api_server_refuses_gets_its_status(string body, int code, string message)
    {
        _state.PutJson("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"shop"}}""");
        _state.PutJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop","uid":"new"},"spec":{"containers":[]}}""");
        _state.PutJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"other-sa","namespace":"shop"},"spec":{"serviceAccountName":"builder","containers":[]}}""");

        var status = Json(Token("shop", "default", body, expected: code));

        Assert.Equal((message, code), ((string?)status["message"], (int)status["code"]!));
        Assert.Empty(_state.IssuedTokens);
    }

    [Fact]
    public void A_token_for_a_service_account_that_does_not_exist_is_404()
    {
        var status = Json(Token("shop", "builder", "{}", expected: 404));

        Assert.Equal("serviceaccounts \"builder\" not found", (string?)status["message"]);
    }

    [Fact]
    public async Task An_in_memory_source_and_a_transport_share_the_objects_the_history_and_the_injected_faults()
    {
        var secrets = InMemoryObjectSource.ForSecrets(_state);
        secrets.Put(new Secret { Name = "db", Namespace = "shop", Data = DataMap.FromStrings([KeyValuePair.Create("k", "v1")]) });
        _state.PutJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"api","namespace":"shop"},"stringData":{"k":"from-json"}}""");
        using var wire = Watch("/api/v1/namespaces/shop/secrets", "fieldSelector=metadata.name%3Ddb");
        var model = Take(secrets.WatchAsync("shop", "api", _state.ResourceVersion), 1);

        secrets.Put(new Secret { Name = "db", Namespace = "shop", Data = DataMap.FromStrings([KeyValuePair.Create("k", "v2")]) });
        _state.PutJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"api","namespace":"shop"},"stringData":{"k":"changed"}}""");
        _state.FailNextRequests(1);
        var failed = await secrets.GetAsync("shop", "db");
        _state.DropWatches();

        Assert.Equal("changed", System.Text.Encoding.UTF8.GetString(secrets.Find("shop", "api")!.Data["k"].Span));
        Assert.Equal(["ADDED djE=", "MODIFIED djI="], (await LinesAsync(wire, raw: true)).Select(l => JsonNode.Parse(l)!).Select(e => $"{e["type"]} {e["object"]!["data"]!["k"]}"));
        Assert.Equal("changed", System.Text.Encoding.UTF8.GetString((await model).Single().Object!.Data["k"].Span));
        Assert.Equal((LookupStatus.Failed, "Internal error occurred: injected fault"), (failed.Status, failed.Failure));
        Assert.Equal(
            ["GET /api/v1/namespaces/shop/secrets?fieldSelector=metadata.name=db&watch=true", "GET /api/v1/namespaces/shop/secrets?allowWatchBookmarks=true&fieldSelector=metadata.name=api&resourceVersion=3&watch=true", "GET /api/v1/namespaces/shop/secrets/db"],
            _state.Requests.Select(r => r.ToString()));
        Assert.Equal(["HTTP/1.1", "in-memory", "in-memory"], _state.Requests.Select(r => r.Protocol));
    }

    [Fact]
    public async Task An_in_memory_watch_cut_in_the_middle_of_an_event_throws_after_the_whole_ones()
    {
        var secrets = InMemoryObjectSource.ForSecrets(_state);
        var from = _state.ResourceVersion;
        secrets.Put(new Secret { Name = "db", Namespace = "shop" });
        secrets.Put(new Secret { Name = "db", Namespace = "shop", Type = "x" });
        _state.CloseWatchesAfter(1, midEvent: true);
        var delivered = new List<WatchEvent<Secret>>();

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(async () =>
        {
            await foreach (var e in secrets.WatchAsync("shop", "db", from, _hang.Token))
            {
                delivered.Add(e);
            }
        });

        Assert.Equal([WatchEventType.Added], delivered.Select(e => e.Type));
        Assert.Null(failure.Status);
        Assert.Equal(0, _state.OpenWatchCount);
    }

    private static string Pod(string ns, string name, string? node)
    {
        var nodeName = node is null ? string.Empty : $"\"nodeName\":\"{node}\",";
        return $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{{{{nodeName}}}"containers":[]}}""";
    }

    private static string Bundle(string name, params string[] labels)
    {
        var map = string.Join(',', labels.Chunk(2).Select(p => $"\"{p[0]}\":\"{p[1]}\""));
        return $$$"""{"apiVersion":"certificates.k8s.io/v1beta1","kind":"ClusterTrustBundle","metadata":{"name":"{{{name}}}","labels":{{{{map}}}}},"spec":{"signerName":"example.com/s","trustBundle":""}}""";
    }

    private static JsonObject Json(ApiResponse response) => JsonNode.Parse(response.Body!)!.AsObject();

    private static async Task<List<WatchEvent<T>>> Take<T>(IAsyncEnumerable<WatchEvent<T>> watch, int count)
        where T : class
    {
        var events = new List<WatchEvent<T>>();
        await foreach (var e in watch)
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    private ApiResponse Get(string path, string query = "")
    {
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var response = _state.Serve(new RecordedRequest("GET", path, parameters) { Protocol = "HTTP/1.1" });
        Assert.True(response.StatusCode == 200, response.Body);
        return response;
    }

    private ApiWatchStream Watch(string path, string query) => Get(path, query + "&watch=true").Watch!;

    private ApiResponse Token(string ns, string name, string body, int expected)
    {
        var response = _state.Serve(new RecordedRequest("POST", $"/api/v1/namespaces/{ns}/serviceaccounts/{name}/token", new Dictionary<string, string>()) { Body = body });
        Assert.True(response.StatusCode == expected, response.Body);
        return response;
    }

    private async Task<List<string>> LinesAsync(ApiWatchStream watch, bool raw = false)
    {
        var lines = new List<string>();
        while (await watch.ReadLineAsync(_hang.Token) is { } line)
        {
            var change = JsonNode.Parse(line)!;
            lines.Add(raw ? line : $"{change["type"]} {change["object"]!["metadata"]!["namespace"]}/{change["object"]!["metadata"]!["name"]} {change["object"]!["status"]?["phase"]}");
        }

        return lines;
    }
}
