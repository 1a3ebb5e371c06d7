using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Model;
using SecretProjection.Sources;
using ClientEventType = k8s.WatchEventType;
using WatchEventType = SecretProjection.Sources.WatchEventType;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// A watch read by <see cref="WatchEventReader"/>: each line decoded as KubernetesClient's watcher decodes it, and,
/// through the Secret source, the whole path over the loopback API server on HTTP/1.1 (chunked) and HTTP/2 cleartext
/// (DATA frames): events queued together and one longer than the first buffer, the 410 <c>ERROR</c> event, a line
/// that cannot be read, a stream cut in the middle of an event, cancellation.
/// </summary>
public sealed class WatchEventReaderTests
{
    private const string AddedSecret = """{"type":"ADDED","object":{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","namespace":"shop","resourceVersion":"5"},"data":{"password":"djE="}}}""";
    private const string ExpiredStatus = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (2)","reason":"Expired","code":410}""";

    [Fact]
    public void A_line_decodes_to_its_type_and_object()
    {
        var errors = new List<Exception>();

        var decoded = WatchEventReader.Decode<V1Secret>(Encoding.UTF8.GetBytes(AddedSecret), errors.Add);

        Assert.Empty(errors);
        var (type, secret) = decoded!.Value;
        Assert.Equal(ClientEventType.Added, type);
        Assert.Equal(("db", "shop", "5"), (secret.Metadata.Name, secret.Metadata.NamespaceProperty, secret.Metadata.ResourceVersion));
        Assert.Equal("v1"u8.ToArray(), secret.Data["password"]);
    }

    [Theory]
    [InlineData("ERROR")]
    [InlineData("MODIFIED")] // the object's kind decides, as in the client's watcher
    public void A_status_object_goes_to_the_callback_as_the_servers_status_and_yields_nothing(string type)
    {
        var errors = new List<Exception>();

        var decoded = WatchEventReader.Decode<V1Secret>(Encoding.UTF8.GetBytes($$"""{"type":"{{type}}","object":{{ExpiredStatus}}}"""), errors.Add);

        Assert.Null(decoded);
        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal((410, "Expired", "too old resource version: 1 (2)"), (status.Code, status.Reason, status.Message));
    }

    [Theory]
    [InlineData("""{"type":"ADDED","object":{"kind":"Secret","metadata":{"na""")] // half an event
    [InlineData("hunter2")] // not JSON
    [InlineData("")] // an empty line
    [InlineData("""{"type":"BOOKMARK"}""")] // no object
    [InlineData("""{"type":"ADDED","object":{"kind":"Secret","metadata":{"name":"db"},"data":{"password":"not base64!"}}}""")]
    public void A_line_that_cannot_be_read_goes_to_the_callback_and_yields_nothing(string line)
    {
        var errors = new List<Exception>();

        var decoded = WatchEventReader.Decode<V1Secret>(Encoding.UTF8.GetBytes(line), errors.Add);

        Assert.Null(decoded);
        Assert.IsAssignableFrom<JsonException>(Assert.Single(errors));
    }

    [Theory]
    [MemberData(nameof(LoopbackCluster.Transports), MemberType = typeof(LoopbackCluster))]
    public async Task Events_queued_together_and_one_longer_than_the_first_buffer_arrive_whole_and_in_order(ApiServerTransport transport)
    {
        await using var cluster = new LoopbackCluster(transport: transport);
        var large = RandomNumberGenerator.GetBytes(48 * 1024); // 64 KiB of base64: many reads, HTTP/2 frames and buffers
        var start = cluster.Server.State.ResourceVersion;
        var first = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        var second = cluster.Server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Data = DataMap.Create([KeyValuePair.Create("password", large)]) });
        var third = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v3"));

        var events = await cluster.TakeAsync(cluster.Sources.Secrets.WatchAsync("shop", "db", start, cluster.Deadline), 3);

        Assert.Equal([(WatchEventType.Added, first), (WatchEventType.Modified, second), (WatchEventType.Modified, third)], events.Select(e => (e.Type, e.ResourceVersion)));
        Assert.Equal(["v1"u8.ToArray(), large, "v3"u8.ToArray()], events.Select(e => e.Object!.Data["password"].ToArray()));
        Assert.Equal(transport == ApiServerTransport.Http1 ? "HTTP/1.1" : "HTTP/2", cluster.Server.State.Requests.Last().Protocol);
    }

    [Theory]
    [MemberData(nameof(LoopbackCluster.Transports), MemberType = typeof(LoopbackCluster))]
    public async Task A_watch_from_a_compacted_resource_version_gets_one_expired_error_event_and_ends(ApiServerTransport transport)
    {
        await using var cluster = new LoopbackCluster(transport: transport);
        var start = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db"));
        cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));
        cluster.Server.State.CompactHistory();

        var events = await cluster.AllAsync(cluster.Sources.Secrets.WatchAsync("shop", "db", start, cluster.Deadline));

        var error = Assert.Single(events);
        Assert.Equal(WatchEventType.Error, error.Type);
        Assert.True(error.Status!.IsExpired);
        Assert.Equal($"too old resource version: {start} ({cluster.Server.State.ResourceVersion})", error.Status.Message);
    }

    [Theory]
    [MemberData(nameof(LoopbackCluster.Transports), MemberType = typeof(LoopbackCluster))]
    public async Task An_event_that_cannot_be_read_stops_the_watch_after_the_events_before_it_without_its_text(ApiServerTransport transport)
    {
        await using var cluster = new LoopbackCluster(transport: transport);
        var start = cluster.Server.State.ResourceVersion;
        var first = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        cluster.Server.State.PutJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"data":{"password":"hunter2 is not base64"}}""");

        var (delivered, failure) = await cluster.UntilFailureAsync(cluster.Sources.Secrets.WatchAsync("shop", "db", start, cluster.Deadline));

        Assert.Equal([first], delivered.Select(e => e.ResourceVersion));
        Assert.Null(failure.Status);
        Assert.IsType<WatchLineException>(failure.InnerException);
        Assert.DoesNotContain("hunter2", failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LoopbackCluster.Transports), MemberType = typeof(LoopbackCluster))]
    public async Task A_stream_cut_in_the_middle_of_an_event_throws_after_the_whole_events(ApiServerTransport transport)
    {
        await using var cluster = new LoopbackCluster(transport: transport);
        var start = cluster.Server.State.ResourceVersion;
        var first = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "hunter2"));
        cluster.Server.State.CloseWatchesAfter(1, midEvent: true);

        var (delivered, failure) = await cluster.UntilFailureAsync(cluster.Sources.Secrets.WatchAsync("shop", "db", start, cluster.Deadline));

        // Over HTTP/2 the cut is a reset of the stream, on which SocketsHttpHandler drops what it had not handed out
        // yet: the first event arrives only if it was read before the reset came.
        Assert.Equal(transport == ApiServerTransport.Http1 || delivered.Count > 0 ? [first] : [], delivered.Select(e => e.ResourceVersion));
        Assert.Null(failure.Status);
        Assert.DoesNotContain("hunter2", failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LoopbackCluster.Transports), MemberType = typeof(LoopbackCluster))]
    public async Task Cancelling_a_watch_waiting_for_its_next_event_stops_it_and_the_server_sees_it_go(ApiServerTransport transport)
    {
        await using var cluster = new LoopbackCluster(transport: transport);
        var start = cluster.Server.State.ResourceVersion;
        cluster.Server.State.PutSecret(LoopbackCluster.Secret("db"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cluster.Deadline);
        var events = cluster.Sources.Secrets.WatchAsync("shop", "db", start, cancel.Token).GetAsyncEnumerator(cancel.Token);
        await using (events)
        {
            Assert.True(await events.MoveNextAsync());
            var next = events.MoveNextAsync().AsTask();

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        }

        await cluster.Server.State.WaitForOpenWatchesAsync(0, cluster.Deadline);
    }

    [Theory]
    [MemberData(nameof(LoopbackCluster.Transports), MemberType = typeof(LoopbackCluster))]
    public async Task A_stream_the_server_ends_between_events_ends_the_sequence(ApiServerTransport transport)
    {
        await using var cluster = new LoopbackCluster(transport: transport);
        var start = cluster.Server.State.ResourceVersion;
        var first = cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v1"));
        cluster.Server.State.PutSecret(LoopbackCluster.Secret("db", value: "v2"));
        cluster.Server.State.CloseWatchesAfter(1);

        var events = await cluster.AllAsync(cluster.Sources.Secrets.WatchAsync("shop", "db", start, cluster.Deadline));

        Assert.Equal([first], events.Select(e => e.ResourceVersion));
    }
}
