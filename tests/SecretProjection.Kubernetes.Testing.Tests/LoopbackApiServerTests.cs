using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Model;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;

namespace SecretProjection.Kubernetes.Testing.Tests;

/// <summary>
/// The loopback API server's wire protocol, checked with a plain HttpClient (no KubernetesClient) against what
/// the API server writes: Status bodies byte for byte, list and watch shapes, the 410 forms, and the faults.
/// </summary>
public sealed class LoopbackApiServerTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/shop/secrets";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60)); // a hang bound only: generous for a loaded machine
    private readonly LoopbackApiServer _server;
    private readonly HttpClient _http;

    public LoopbackApiServerTests()
    {
        _server = LoopbackApiServer.Start(new LoopbackApiServerOptions { State = new ApiServerState(new ApiServerStateOptions { TimeProvider = _time }) });
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    private CancellationToken Deadline => _deadline.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _deadline.Dispose();
    }

    [Fact]
    public async Task A_missing_object_gets_the_api_servers_404_status_byte_for_byte()
    {
        using var response = await _http.GetAsync(Secrets + "/db", Deadline);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"secrets \\\"db\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"db\",\"kind\":\"secrets\"},\"code\":404}\n",
            await response.Content.ReadAsStringAsync(Deadline));
    }

    [Fact]
    public async Task A_secret_is_served_as_the_api_server_stores_it()
    {
        var rv = _server.State.PutSecret(new Secret
        {
            Name = "db",
            Namespace = "shop",
            Type = SecretTypes.BasicAuth,
            Immutable = true,
            Data = DataMap.Create([KeyValuePair.Create("password", new byte[] { 0xff, 0x00, 0x41 })]),
            Annotations = new Dictionary<string, string> { ["a"] = "b" },
        });

        var json = await GetJsonAsync(Secrets + "/db");

        Assert.Equal(["kind", "apiVersion", "metadata", "immutable", "data", "type"], json.Select(p => p.Key));
        Assert.Equal(("Secret", "v1", true, "/wBB", "kubernetes.io/basic-auth"), ((string?)json["kind"], (string?)json["apiVersion"], (bool?)json["immutable"], (string?)json["data"]!["password"], (string?)json["type"]));
        var metadata = json["metadata"]!.AsObject();
        Assert.Equal(["name", "namespace", "uid", "resourceVersion", "creationTimestamp", "annotations"], metadata.Select(p => p.Key));
        Assert.Equal((rv, "2026-11-30T08:00:00Z"), ((string?)metadata["resourceVersion"], (string?)metadata["creationTimestamp"]));
    }

    [Fact]
    public async Task Put_json_merges_string_data_defaults_the_type_and_namespace_and_keeps_uid_and_creation_time()
    {
        _server.State.PutJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"YQ==","b":"Yg=="},"stringData":{"b":"β"}}""");
        var first = await GetJsonAsync("api/v1/namespaces/default/secrets/s");
        _time.Advance(TimeSpan.FromMinutes(1));
        _server.State.PutJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"default"},"type":"Opaque"}""");
        var second = await GetJsonAsync("api/v1/namespaces/default/secrets/s");

        Assert.Equal("{\"a\":\"YQ==\",\"b\":\"zrI=\"}", first["data"]!.ToJsonString());
        Assert.Null(first["stringData"]);
        Assert.Equal("Opaque", (string?)first["type"]);
        Assert.Equal(first["metadata"]!["uid"]!.ToJsonString(), second["metadata"]!["uid"]!.ToJsonString());
        Assert.Equal("2026-11-30T08:00:00Z", (string?)second["metadata"]!["creationTimestamp"]);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}}""")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Secret","metadata":{"name":"s"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","metadata":{}}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","data":{"k":"s3cr3t""")]
    public void Put_json_refuses_what_the_server_does_not_store_without_quoting_it(string json)
    {
        var failure = Assert.Throws<ArgumentException>(() => _server.State.PutJson(json));

        Assert.DoesNotContain("s3cr3t", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_write_of_any_kind_stamps_the_next_global_resource_version()
    {
        var before = long.Parse(_server.State.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);

        string[] stamped =
        [
            _server.State.PutSecret(new Secret { Name = "a", Namespace = "shop" }),
            _server.State.PutConfigMap(new ConfigMap { Name = "b", Namespace = "shop" }),
            _server.State.PutJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},"spec":{"containers":[]}}"""),
            _server.State.Delete("Secret", "shop", "a")!,
        ];

        Assert.Equal(Enumerable.Range(1, 4).Select(i => (before + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), stamped);
        Assert.Null(_server.State.Delete("Secret", "shop", "a"));
        Assert.Equal(stamped[^1], _server.State.ResourceVersion);
        Assert.NotNull(_server.State.GetJson("Pod", "shop", "web"));
    }

    [Fact]
    public async Task A_list_by_name_holds_the_matching_items_without_kind_and_the_current_resource_version()
    {
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        _server.State.PutSecret(new Secret { Name = "other", Namespace = "shop" });
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "elsewhere" });

        var list = await GetJsonAsync(Secrets + "?fieldSelector=metadata.name%3Ddb");
        var all = await GetJsonAsync(Secrets);
        var notDb = await GetJsonAsync(Secrets + "?fieldSelector=metadata.name!%3Ddb");

        Assert.Equal(("SecretList", "v1", _server.State.ResourceVersion), ((string?)list["kind"], (string?)list["apiVersion"], (string?)list["metadata"]!["resourceVersion"]));
        var item = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal(["metadata", "type"], item.Select(p => p.Key));
        Assert.Equal(["db", "other"], all["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal(["other"], notDb["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
    }

    [Theory]
    [InlineData("fieldSelector=spec.foo%3Dx", "field label not supported: spec.foo")]
    [InlineData("fieldSelector=nonsense", "invalid selector: 'nonsense'; can't understand 'nonsense'")]
    [InlineData("labelSelector=app%20web", "unable to parse requirement: found 'app web', expected: key, !key, key=value, key!=value, key in (values) or key notin (values)")]
    [InlineData("resourceVersion=abc", "invalid resource version: \"abc\"")]
    public async Task A_request_the_server_cannot_serve_gets_400(string query, string message)
    {
        using var response = await _http.GetAsync(Secrets + "?" + query, Deadline);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Deadline))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("BadRequest", message, 400), ((string?)status["reason"], (string?)status["message"], (int?)status["code"]));
    }

    [Fact]
    public async Task Other_paths_get_404_and_other_methods_405()
    {
        using var path = await _http.GetAsync("api/v1/namespaces/shop/services", Deadline);
        using var method = await _http.DeleteAsync(Secrets + "/db", Deadline);

        Assert.Equal(HttpStatusCode.NotFound, path.StatusCode);
        Assert.Equal("the server could not find the requested resource", (string?)JsonNode.Parse(await path.Content.ReadAsStringAsync(Deadline))!["message"]);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_streams_the_later_events_of_the_named_object_in_order()
    {
        var start = _server.State.ResourceVersion;
        var added = _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        _server.State.PutSecret(new Secret { Name = "other", Namespace = "shop" });
        var modified = _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Type = "x" });
        var deleted = _server.State.Delete("Secret", "shop", "db");
        _server.State.CloseWatchesAfter(3);

        var lines = await WatchLinesAsync($"{Secrets}?watch=true&fieldSelector=metadata.name%3Ddb&resourceVersion={start}");

        Assert.Equal(
            [("ADDED", added), ("MODIFIED", modified), ("DELETED", deleted)],
            lines.Select(l => ((string?)l["type"], (string?)l["object"]!["metadata"]!["resourceVersion"])));
        Assert.All(lines, l => Assert.Equal(("Secret", "v1"), ((string?)l["object"]!["kind"], (string?)l["object"]!["apiVersion"])));
        Assert.Equal("x", (string?)lines[2]["object"]!["type"]);
    }

    [Fact]
    public async Task A_watch_without_a_resource_version_starts_with_the_current_objects_as_added()
    {
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        var current = _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Type = "x" });
        _server.State.CloseWatchesAfter(1);

        var lines = await WatchLinesAsync(Secrets + "?watch=1&resourceVersion=0");

        var only = Assert.Single(lines);
        Assert.Equal(("ADDED", current), ((string?)only["type"], (string?)only["object"]!["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task A_watch_from_before_the_history_gets_http_200_and_one_expired_error_event()
    {
        var start = _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Type = "x" });
        _server.State.CompactHistory();

        using var response = await _http.GetAsync($"{Secrets}?watch=true&resourceVersion={start}", HttpCompletionOption.ResponseHeadersRead, Deadline);
        var body = await response.Content.ReadAsStringAsync(Deadline);

        // cacher's watch_cache.go: errors.NewResourceExpired(fmt.Sprintf("too old resource version: %d (%d)", resourceVersion, oldest-1))
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            $"{{\"type\":\"ERROR\",\"object\":{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"too old resource version: {start} ({_server.State.ResourceVersion})\",\"reason\":\"Expired\",\"code\":410}}}}\n",
            body);
    }

    [Fact]
    public async Task A_list_from_before_the_history_gets_http_410()
    {
        var start = _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Type = "x" });
        _server.State.CompactHistory();

        using var old = await _http.GetAsync($"{Secrets}?resourceVersion={start}", Deadline);
        using var current = await _http.GetAsync($"{Secrets}?resourceVersion={_server.State.ResourceVersion}", Deadline);

        // etcd3's interpretListError for a compacted revision.
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Equal(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"The resourceVersion for the provided list is too old.\",\"reason\":\"Expired\",\"code\":410}\n",
            await old.Content.ReadAsStringAsync(Deadline));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task The_history_keeps_only_its_capacity_of_events()
    {
        await using var server = LoopbackApiServer.Start(new LoopbackApiServerOptions { State = new ApiServerState(new ApiServerStateOptions { HistoryCapacity = 2 }) });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var first = long.Parse(server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" }), System.Globalization.CultureInfo.InvariantCulture);
        server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Type = "2" });
        server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Type = "3" });
        server.State.CloseWatchesAfter(2);

        // The two kept events are those after the first write: a watch from it is served, one from before is not.
        var kept = await http.GetStringAsync($"{Secrets}?watch=true&resourceVersion={first}", Deadline);
        var tooOld = await http.GetStringAsync($"{Secrets}?watch=true&resourceVersion={first - 1}", Deadline);

        Assert.Equal(["\"2\"", "\"3\""], kept.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["object"]!["type"]!.ToJsonString()));
        Assert.Contains($"too old resource version: {first - 1} ({first})", tooOld, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bookmarks_go_to_the_watches_that_allow_them_at_the_current_resource_version()
    {
        var start = _server.State.ResourceVersion;
        using var with = await OpenWatchAsync($"{Secrets}?watch=true&allowWatchBookmarks=true&resourceVersion={start}");
        using var without = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={start}");
        await _server.State.WaitForOpenWatchesAsync(2, Deadline);
        _server.State.PutConfigMap(new ConfigMap { Name = "c", Namespace = "shop" });

        Assert.Equal(1, _server.State.SendBookmarks());
        _server.State.DropWatches();

        var bookmark = Assert.Single(await ReadLinesAsync(with));
        Assert.Equal(
            $"{{\"type\":\"BOOKMARK\",\"object\":{{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{{\"resourceVersion\":\"{_server.State.ResourceVersion}\",\"creationTimestamp\":null}}}}}}",
            bookmark.ToJsonString());
        Assert.Empty(await ReadLinesAsync(without));
    }

    [Fact]
    public async Task A_watch_ends_cleanly_when_its_timeout_passes_on_the_servers_clock()
    {
        using var response = await OpenWatchAsync($"{Secrets}?watch=true&timeoutSeconds=30&resourceVersion={_server.State.ResourceVersion}");
        await _server.State.WaitForOpenWatchesAsync(1, Deadline);

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Empty(await ReadLinesAsync(response));
        await _server.State.WaitForOpenWatchesAsync(0, Deadline);
    }

    [Fact]
    public async Task A_connection_serves_the_next_request_once_a_watch_stream_ended_cleanly()
    {
        // As the API server (Go's net/http) does: a chunked stream that ended with its last chunk leaves the connection
        // open. (The socket server this one replaced closed it, and had to say Connection: close so that a client did
        // not fail its next request on the closed socket.)
        var start = _server.State.ResourceVersion;
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        _server.State.CloseWatchesAfter(1);
        using (var stream = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={start}"))
        {
            Assert.NotEqual(true, stream.Headers.ConnectionClose);
            await ReadLinesAsync(stream);
        }

        using var get = await _http.GetAsync(Secrets + "/db", Deadline);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(_server.State.Requests[0].Connection, _server.State.Requests[1].Connection);
    }

    [Fact]
    public async Task Dropped_watches_no_longer_count_as_open_once_dropped()
    {
        // A client that sees its watch end and watches again must find only its new watch counted: counted until the
        // stream was torn down, the old one let a wait for two open watches pass while none was open.
        using var first = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={_server.State.ResourceVersion}");
        using var second = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={_server.State.ResourceVersion}");
        await _server.State.WaitForOpenWatchesAsync(2, Deadline);

        Assert.Equal(2, _server.State.DropWatches());

        Assert.Equal(0, _server.State.OpenWatchCount);
        Assert.True(_server.State.WaitForOpenWatchesAsync(0, Deadline).IsCompleted);
        Assert.Empty(await ReadLinesAsync(first));
    }

    [Fact]
    public async Task A_watch_that_ended_is_not_counted_by_the_time_its_client_reads_the_end()
    {
        using var response = await OpenWatchAsync($"{Secrets}?watch=true&timeoutSeconds=30&resourceVersion={_server.State.ResourceVersion}");
        await _server.State.WaitForOpenWatchesAsync(1, Deadline);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(await ReadLinesAsync(response));

        Assert.Equal(0, _server.State.OpenWatchCount);
    }

    [Fact]
    public async Task A_wait_for_a_watch_of_an_object_completes_once_a_watch_that_gets_its_events_opens()
    {
        var wait = _server.State.WaitForWatchAsync("Secret", "shop", "db", Deadline);
        using var other = await OpenWatchAsync($"{Secrets}?watch=true&fieldSelector=metadata.name%3Dother&resourceVersion={_server.State.ResourceVersion}");
        using var configMaps = await OpenWatchAsync($"api/v1/namespaces/shop/configmaps?watch=true&resourceVersion={_server.State.ResourceVersion}");
        using var elsewhere = await OpenWatchAsync($"api/v1/namespaces/prod/secrets?watch=true&resourceVersion={_server.State.ResourceVersion}");
        await _server.State.WaitForOpenWatchesAsync(3, Deadline);
        Assert.False(wait.IsCompleted);

        using var all = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={_server.State.ResourceVersion}");

        await wait;
        await Assert.ThrowsAsync<ArgumentException>(() => _server.State.WaitForWatchAsync("Service", "shop", "db", Deadline));
    }

    [Fact]
    public async Task A_watch_ends_as_soon_as_its_client_goes_away()
    {
        var response = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={_server.State.ResourceVersion}");
        await _server.State.WaitForOpenWatchesAsync(1, Deadline);

        response.Dispose();

        await _server.State.WaitForOpenWatchesAsync(0, Deadline);
        Assert.Equal(0, _server.State.OpenWatchCount);
    }

    [Fact]
    public async Task Injected_failures_answer_the_next_requests_with_the_status_of_their_code_and_are_recorded()
    {
        _server.State.FailNextRequests(2);

        using var first = await _http.GetAsync(Secrets + "/db", Deadline);
        using var second = await _http.GetAsync(Secrets, Deadline);
        using var third = await _http.GetAsync(Secrets, Deadline);

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: injected fault\",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"injected fault\"}]},\"code\":500}\n",
            await first.Content.ReadAsStringAsync(Deadline));
        Assert.Equal(["GET /api/v1/namespaces/shop/secrets/db", "GET /api/v1/namespaces/shop/secrets", "GET /api/v1/namespaces/shop/secrets"], _server.State.Requests.Select(r => r.ToString()));
    }

    [Theory]
    [InlineData(410, "Expired")]
    [InlineData(403, "Forbidden")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "Timeout")]
    public async Task Injected_failures_carry_the_reason_of_their_code(int code, string reason)
    {
        _server.State.FailNextRequests(1, code);

        using var response = await _http.GetAsync(Secrets + "?watch=true", Deadline);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Deadline))!;

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal((reason, code), ((string?)status["reason"], (int?)status["code"]));
    }

    [Fact]
    public async Task A_watch_closed_mid_event_sends_half_a_line_then_breaks_the_connection()
    {
        var start = _server.State.ResourceVersion;
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Type = "x" });
        _server.State.CloseWatchesAfter(1, midEvent: true);
        using var response = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={start}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Deadline));

        var whole = await reader.ReadLineAsync(Deadline);
        var broken = await Record.ExceptionAsync(async () => await reader.ReadToEndAsync(Deadline));

        Assert.Contains("\"type\":\"ADDED\"", whole, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(broken);
    }

    [Fact]
    public async Task Slow_streams_hold_each_event_for_the_delay_on_the_servers_clock()
    {
        _server.State.WatchEventDelay = TimeSpan.FromSeconds(5);
        var start = _server.State.ResourceVersion;
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        using var response = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={start}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Deadline));
        var line = reader.ReadLineAsync(Deadline).AsTask();

        // Not a wait for something to happen: a bounded check that nothing is sent before the clock moves.
        await Task.WhenAny(line, Task.Delay(TimeSpan.FromMilliseconds(200), Deadline));
        Assert.False(line.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Contains("\"type\":\"ADDED\"", await line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_refuses_connections_and_breaks_watches_and_restart_serves_the_same_objects_on_the_same_port()
    {
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop" });
        using var watch = await OpenWatchAsync($"{Secrets}?watch=true&resourceVersion={_server.State.ResourceVersion}");
        await _server.State.WaitForOpenWatchesAsync(1, Deadline);
        var port = _server.Port;

        await _server.StopAsync();
        var refused = await Record.ExceptionAsync(() => _http.GetAsync(Secrets + "/db", Deadline));
        var broken = await Record.ExceptionAsync(async () => await (await watch.Content.ReadAsStreamAsync(Deadline)).CopyToAsync(Stream.Null, Deadline));
        await _server.RestartAsync();
        using var after = await _http.GetAsync(Secrets + "/db", Deadline);

        Assert.IsType<HttpRequestException>(refused);
        Assert.IsAssignableFrom<IOException>(broken);
        Assert.Equal((port, true, HttpStatusCode.OK), (_server.Port, _server.IsRunning, after.StatusCode));
        Assert.Equal(0, _server.State.OpenWatchCount);
    }

    [Fact]
    public async Task Dispose_breaks_open_watches_and_returns()
    {
        var server = LoopbackApiServer.Start();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var watch = await http.GetAsync(Secrets + "?watch=true&resourceVersion=1", HttpCompletionOption.ResponseHeadersRead, Deadline);
        await server.State.WaitForOpenWatchesAsync(1, Deadline);

        await server.DisposeAsync().AsTask().WaitAsync(Deadline);
        var broken = await Record.ExceptionAsync(async () => await (await watch.Content.ReadAsStreamAsync(Deadline)).CopyToAsync(Stream.Null, Deadline));

        Assert.False(server.IsRunning);
        Assert.IsAssignableFrom<IOException>(broken);
    }

    [Fact]
    public async Task Wait_for_requests_completes_once_enough_matching_requests_arrived()
    {
        var twoLists = _server.State.WaitForRequestsAsync(r => r.Path.EndsWith("/secrets", StringComparison.Ordinal) && !r.IsWatch, 2, Deadline);
        (await _http.GetAsync(Secrets, Deadline)).Dispose();
        Assert.False(twoLists.IsCompleted);
        (await _http.GetAsync(Secrets + "?fieldSelector=metadata.name%3Ddb", Deadline)).Dispose();

        await twoLists;

        Assert.Equal("metadata.name=db", _server.State.Requests[^1].QueryValue("fieldSelector"));
    }

    [Fact]
    public void The_kubeconfig_points_at_the_server_without_credentials()
    {
        var kubeconfig = _server.CreateKubeconfig("shop");

        Assert.Contains($"server: http://127.0.0.1:{_server.Port}\n", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("namespace: shop\n", kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("user", kubeconfig, StringComparison.Ordinal);
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path, Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Deadline))!.AsObject();
    }

    private async Task<HttpResponseMessage> OpenWatchAsync(string path)
    {
        var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private async Task<List<JsonObject>> WatchLinesAsync(string path)
    {
        using var response = await OpenWatchAsync(path);
        return await ReadLinesAsync(response);
    }

    private async Task<List<JsonObject>> ReadLinesAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Deadline);
        Assert.EndsWith("\n", body.Length == 0 ? "\n" : body, StringComparison.Ordinal);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }
}
