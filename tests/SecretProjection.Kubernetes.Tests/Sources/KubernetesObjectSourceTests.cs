using System.Globalization;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// The Secret and ConfigMap sources, with the real KubernetesClient against the real loopback API server.
/// </summary>
public sealed class KubernetesObjectSourceTests : IAsyncLifetime
{
    private readonly LoopbackCluster _cluster = new();

    private LoopbackApiServer Server => _cluster.Server;

    private IObjectSource<Secret> Secrets => _cluster.Sources.Secrets;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Get_finds_a_secret_with_its_type_data_and_resource_version()
    {
        var rv = Server.State.PutSecret(LoopbackCluster.Secret("db") with { Type = SecretTypes.BasicAuth, Immutable = true });

        var result = await Secrets.GetAsync("shop", "db", _cluster.Deadline);

        Assert.Equal(LookupStatus.Found, result.Status);
        var secret = result.Value!;
        Assert.Equal(("shop", "db", SecretTypes.BasicAuth, true, rv), (secret.Namespace, secret.Name, secret.Type, secret.Immutable, secret.ResourceVersion));
        Assert.Equal("v1"u8.ToArray(), secret.Data["password"].ToArray());
        Assert.Equal("GET /api/v1/namespaces/shop/secrets/db", Server.State.Requests.Single().ToString());
    }

    [Fact]
    public async Task Get_of_a_missing_secret_is_not_found()
    {
        var result = await Secrets.GetAsync("shop", "missing", _cluster.Deadline);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.Null(result.Failure);
    }

    [Fact]
    public async Task Get_answered_with_500_is_a_failed_lookup_with_the_servers_message()
    {
        Server.State.PutSecret(LoopbackCluster.Secret("db", value: "hunter2"));
        Server.State.FailNextRequests(1);

        var result = await Secrets.GetAsync("shop", "db", _cluster.Deadline);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.Null(result.Value);
        Assert.Equal("Internal error occurred: injected fault", result.Failure);
    }

    [Fact]
    public async Task Get_from_a_stopped_server_is_a_failed_lookup()
    {
        await Server.StopAsync();

        var result = await Secrets.GetAsync("shop", "db", _cluster.Deadline);

        Assert.Equal(LookupStatus.Failed, result.Status);
        Assert.StartsWith("get secrets db: ", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_by_name_returns_the_object_and_the_lists_resource_version()
    {
        Server.State.PutSecret(LoopbackCluster.Secret("db"));
        Server.State.PutSecret(LoopbackCluster.Secret("other"));
        Server.State.PutSecret(LoopbackCluster.Secret("db", ns: "elsewhere"));

        var list = await Secrets.ListAsync("shop", "db", _cluster.Deadline);

        Assert.Equal("db", list.Item!.Name);
        Assert.Equal("shop", list.Item.Namespace);
        Assert.Equal(Server.State.ResourceVersion, list.ResourceVersion);
        var request = Server.State.Requests.Single();
        Assert.Equal("/api/v1/namespaces/shop/secrets", request.Path);
        Assert.Equal("metadata.name=db", request.QueryValue("fieldSelector"));
        Assert.False(request.IsWatch);
    }

    [Fact]
    public async Task List_of_a_missing_object_has_no_item_and_the_current_resource_version()
    {
        Server.State.PutSecret(LoopbackCluster.Secret("other"));

        var list = await Secrets.ListAsync("shop", "db", _cluster.Deadline);

        Assert.Null(list.Item);
        Assert.Equal(Server.State.ResourceVersion, list.ResourceVersion);
    }

    [Fact]
    public async Task List_answered_with_500_throws_the_servers_status()
    {
        Server.State.FailNextRequests(1);

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(() => Secrets.ListAsync("shop", "db", _cluster.Deadline));

        Assert.Equal(new SourceStatus(500, "InternalError", "Internal error occurred: injected fault"), failure.Status);
        Assert.False(failure.IsExpired);
    }

    [Fact]
    public async Task List_answered_with_410_is_expired()
    {
        Server.State.FailNextRequests(1, 410);

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(() => Secrets.ListAsync("shop", "db", _cluster.Deadline));

        Assert.True(failure.IsExpired);
        Assert.Equal(new SourceStatus(410, "Expired", "The resourceVersion for the provided list is too old."), failure.Status);
    }

    [Fact]
    public async Task List_from_a_stopped_server_throws_without_a_status()
    {
        await Server.StopAsync();

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(() => Secrets.ListAsync("shop", "db", _cluster.Deadline));

        Assert.Null(failure.Status);
        Assert.StartsWith("list secrets: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_delivers_added_modified_and_deleted_in_order_with_their_resource_versions()
    {
        var start = (await Secrets.ListAsync("shop", "db", _cluster.Deadline)).ResourceVersion;
        var added = Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        Server.State.PutSecret(LoopbackCluster.Secret("other"));
        var modified = Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));
        var deleted = Server.State.Delete("Secret", "shop", "db");

        var events = await _cluster.TakeAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline), 3);

        Assert.Equal(
            [(WatchEventType.Added, added), (WatchEventType.Modified, modified), (WatchEventType.Deleted, deleted)],
            events.Select(e => (e.Type, e.ResourceVersion)));
        Assert.Equal(["v1", "v2", "v2"], events.Select(e => System.Text.Encoding.UTF8.GetString(e.Object!.Data["password"].Span)));
        Assert.All(events, e => Assert.Equal(e.ResourceVersion, e.Object!.ResourceVersion));
        var watch = Server.State.Requests.Last();
        Assert.True(watch.IsWatch);
        Assert.Equal(("metadata.name=db", start, "true"), (watch.QueryValue("fieldSelector"), watch.QueryValue("resourceVersion"), watch.QueryValue("allowWatchBookmarks")));
    }

    [Fact]
    public async Task Watch_asks_the_server_to_end_it_after_five_to_ten_minutes_as_a_reflector_does()
    {
        var start = Server.State.PutSecret(LoopbackCluster.Secret("db"));
        var next = Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));

        await _cluster.TakeAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline), 1);

        var timeout = int.Parse(Server.State.Requests.Last().QueryValue("timeoutSeconds")!, CultureInfo.InvariantCulture);
        Assert.InRange(timeout, 300, 599);
        Assert.NotNull(next);
    }

    [Theory]
    [InlineData(0, 300)]
    [InlineData(299, 599)]
    public async Task Watch_draws_its_timeout_from_the_injected_random(int drawn, int timeoutSeconds)
    {
        using var sources = KubernetesSources.Create(_cluster.Client, new KubernetesSourcesOptions { Random = new FixedRandom(drawn) });
        var start = Server.State.PutSecret(LoopbackCluster.Secret("db"));
        Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));

        await _cluster.TakeAsync(sources.Secrets.WatchAsync("shop", "db", start, _cluster.Deadline), 1);

        Assert.Equal(timeoutSeconds.ToString(CultureInfo.InvariantCulture), Server.State.Requests.Last().QueryValue("timeoutSeconds"));
    }

    [Fact]
    public async Task Bookmarks_arrive_as_bookmark_events_with_the_servers_resource_version()
    {
        var start = Server.State.PutSecret(LoopbackCluster.Secret("db"));
        var watch = _cluster.TakeAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline), 1);
        await Server.State.WaitForOpenWatchesAsync(1, _cluster.Deadline);
        Server.State.PutSecret(LoopbackCluster.Secret("other"));

        Assert.Equal(1, Server.State.SendBookmarks());

        var bookmark = Assert.Single(await watch);
        Assert.Equivalent(new WatchEvent<Secret>(WatchEventType.Bookmark, null, Server.State.ResourceVersion), bookmark);
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_the_server_no_longer_has_gets_one_expired_error_event_and_ends()
    {
        var start = Server.State.PutSecret(LoopbackCluster.Secret("db"));
        Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));
        Server.State.CompactHistory();

        var events = await _cluster.AllAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline));

        var error = Assert.Single(events);
        Assert.Equal(WatchEventType.Error, error.Type);
        Assert.Null(error.ResourceVersion);
        Assert.Equal(new SourceStatus(410, "Expired", $"too old resource version: {start} ({Server.State.ResourceVersion})"), error.Status);
        Assert.True(error.Status!.IsExpired);
    }

    [Fact]
    public async Task A_watch_refused_with_410_throws_expired()
    {
        Server.State.FailNextRequests(1, 410);

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(() => _cluster.AllAsync(Secrets.WatchAsync("shop", "db", "1", _cluster.Deadline)));

        Assert.True(failure.IsExpired);
        Assert.Equal("The resourceVersion for the provided watch is too old.", failure.Status!.Message);
    }

    [Fact]
    public async Task A_watch_refused_with_500_throws_the_servers_status()
    {
        Server.State.FailNextRequests(1);

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(() => _cluster.AllAsync(Secrets.WatchAsync("shop", "db", "1", _cluster.Deadline)));

        Assert.Equal(500, failure.Status!.Code);
        Assert.False(failure.IsExpired);
    }

    [Fact]
    public async Task A_stream_the_server_closes_between_events_ends_the_sequence()
    {
        var start = Server.State.ResourceVersion;
        var first = Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        var second = Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));
        Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v3"));
        Server.State.CloseWatchesAfter(2);

        var events = await _cluster.AllAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline));

        Assert.Equal([first, second], events.Select(e => e.ResourceVersion));
    }

    [Fact]
    public async Task A_stream_the_server_closes_before_any_event_ends_the_sequence()
    {
        var start = Server.State.PutSecret(LoopbackCluster.Secret("db"));
        var watch = _cluster.AllAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline));
        await Server.State.WaitForOpenWatchesAsync(1, _cluster.Deadline);

        Assert.Equal(1, Server.State.DropWatches());

        Assert.Empty(await watch);
    }

    [Fact]
    public async Task A_stream_that_breaks_in_the_middle_of_an_event_throws_after_the_whole_events()
    {
        var start = Server.State.ResourceVersion;
        var first = Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        Server.State.PutSecret(LoopbackCluster.Secret("db", value: "hunter2"));
        Server.State.CloseWatchesAfter(1, midEvent: true);

        var (delivered, failure) = await _cluster.UntilFailureAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline));

        Assert.Equal([first], delivered.Select(e => e.ResourceVersion));
        Assert.Null(failure.Status);
        Assert.DoesNotContain("hunter2", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_of_a_stopped_server_throws_without_a_status()
    {
        await Server.StopAsync();

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(() => _cluster.AllAsync(Secrets.WatchAsync("shop", "db", "1", _cluster.Deadline)));

        Assert.Null(failure.Status);
    }

    [Fact]
    public async Task Cancelling_a_watch_before_its_first_event_stops_it_and_lets_its_connection_go()
    {
        var start = Server.State.PutSecret(LoopbackCluster.Secret("db"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_cluster.Deadline);
        var watch = _cluster.AllAsync(Secrets.WatchAsync("shop", "db", start, cancel.Token));
        await Server.State.WaitForOpenWatchesAsync(1, _cluster.Deadline);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);
        await Server.State.WaitForOpenWatchesAsync(0, _cluster.Deadline);
    }

    [Fact]
    public async Task Cancelling_a_watch_between_events_stops_it_and_lets_its_connection_go()
    {
        var start = Server.State.ResourceVersion;
        Server.State.PutSecret(LoopbackCluster.Secret("db"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_cluster.Deadline);
        await using var events = Secrets.WatchAsync("shop", "db", start, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await events.MoveNextAsync());
        var next = events.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await events.DisposeAsync();
        await Server.State.WaitForOpenWatchesAsync(0, _cluster.Deadline);
    }

    [Fact]
    public async Task A_watch_broken_by_the_server_stopping_throws_without_a_status()
    {
        var start = Server.State.PutSecret(LoopbackCluster.Secret("db"));
        var watch = _cluster.AllAsync(Secrets.WatchAsync("shop", "db", start, _cluster.Deadline));
        await Server.State.WaitForOpenWatchesAsync(1, _cluster.Deadline);

        await Server.StopAsync();

        var failure = await Assert.ThrowsAsync<ObjectSourceException>(() => watch);
        Assert.Null(failure.Status);
    }

    [Fact]
    public async Task The_same_client_reaches_the_server_again_after_a_restart()
    {
        Server.State.PutSecret(LoopbackCluster.Secret("db"));
        Assert.Equal(LookupStatus.Found, (await Secrets.GetAsync("shop", "db", _cluster.Deadline)).Status);

        await Server.StopAsync();
        var down = await Secrets.GetAsync("shop", "db", _cluster.Deadline);
        await Server.RestartAsync();
        var up = await Secrets.GetAsync("shop", "db", _cluster.Deadline);

        Assert.Equal((LookupStatus.Failed, LookupStatus.Found), (down.Status, up.Status));
    }

    [Fact]
    public async Task A_secret_whose_bytes_are_not_utf8_round_trips_exactly_through_get_list_and_watch()
    {
        byte[] bytes = [0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80, 0x0a];
        var secret = new Secret { Name = "bin", Namespace = "shop", Data = DataMap.Create([KeyValuePair.Create("blob", bytes)]) };
        var rv = Server.State.PutSecret(secret);

        var got = await Secrets.GetAsync("shop", "bin", _cluster.Deadline);
        var listed = await Secrets.ListAsync("shop", "bin", _cluster.Deadline);
        var watched = await _cluster.TakeAsync(Secrets.WatchAsync("shop", "bin", "0", _cluster.Deadline), 1);

        Assert.Equal(bytes, got.Value!.Data["blob"].ToArray());
        Assert.Equal(bytes, listed.Item!.Data["blob"].ToArray());
        Assert.Equal(bytes, watched.Single().Object!.Data["blob"].ToArray());
        Assert.Equal(rv, watched.Single().ResourceVersion);
    }

    [Fact]
    public async Task The_configmap_source_reads_lists_and_watches_configmaps()
    {
        var configMaps = _cluster.Sources.ConfigMaps;
        var start = Server.State.ResourceVersion;
        var rv = Server.State.PutConfigMap(new ConfigMap
        {
            Name = "app-config",
            Namespace = "shop",
            Data = new Dictionary<string, string> { ["LOG_LEVEL"] = "info" },
            BinaryData = DataMap.Create([KeyValuePair.Create("raw", new byte[] { 0xff, 0x00 })]),
        });

        var got = await configMaps.GetAsync("shop", "app-config", _cluster.Deadline);
        var listed = await configMaps.ListAsync("shop", "app-config", _cluster.Deadline);
        var watched = await _cluster.TakeAsync(configMaps.WatchAsync("shop", "app-config", start, _cluster.Deadline), 1);

        Assert.Equal("info", got.Value!.Data["LOG_LEVEL"]);
        Assert.Equal(new byte[] { 0xff, 0x00 }, got.Value.BinaryData["raw"].ToArray());
        Assert.Equal(rv, listed.Item!.ResourceVersion);
        Assert.Equal((WatchEventType.Added, rv), (watched.Single().Type, watched.Single().ResourceVersion));
        Assert.All(Server.State.Requests, r => Assert.StartsWith("/api/v1/namespaces/shop/configmaps", r.Path, StringComparison.Ordinal));
    }

    /// <summary>Draws the same number every time.</summary>
    private sealed class FixedRandom(int value) : Random
    {
        public override int Next(int maxValue) => value;
    }
}
