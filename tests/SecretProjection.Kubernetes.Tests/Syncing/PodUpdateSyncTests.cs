using System.Text;
using System.Text.Json.Nodes;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.Testing.Api;
using SecretProjection.Testing.Time;
using SecretProjection.Testing.Volumes;

namespace SecretProjection.Kubernetes.Tests.Syncing;

/// <summary>
/// A pod's label change on the loopback API server reaches its downwardAPI file through the real KubernetesClient: under
/// Watch by the watch of the one pod (<c>fieldSelector=metadata.name=NAME</c>), under Get by the read at the periodic
/// sync; the unrelated secret volume is not written again; the pod's deletion ends the sync.
/// </summary>
public sealed class PodUpdateSyncTests : IAsyncDisposable
{
    private const string PodJson = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"containers":[{"name":"app","image":"busybox"}],
                 "volumes":[{"name":"podinfo","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}},
                            {"name":"creds","secret":{"secretName":"db"}}]}}
        """;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SimulatedClock _clock = new(Start);
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60));
    private readonly LoopbackApiServer _server;
    private readonly k8s.Kubernetes _client;
    private readonly KubernetesSources _sources;
    private readonly Dictionary<string, InMemoryVolumeFileSystem> _volumes = new(StringComparer.Ordinal)
    {
        ["podinfo"] = new("/volumes/podinfo"),
        ["creds"] = new("/volumes/creds"),
    };

    private IObjectManager<Secret>? _secrets;
    private IObjectManager<ConfigMap>? _configMaps;

    public PodUpdateSyncTests()
    {
        _server = LoopbackApiServer.Start(new LoopbackApiServerOptions { State = new ApiServerState(new ApiServerStateOptions { TimeProvider = _clock }) });
        _client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() });
        _sources = KubernetesSources.Create(_client);
        _server.State.PutJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default"},"stringData":{"password":"p1"}}""");
        _server.State.PutJson(PodJson);
    }

    [Fact]
    public async Task Under_Watch_a_label_change_rewrites_the_labels_file_in_a_new_generation_and_not_the_secret_volume()
    {
        await using var events = await StartAsync(ChangeDetectionStrategy.Watch);
        var initial = await NextAsync(events, 2);
        Assert.All(initial, e => Assert.Equal((SyncEventKind.VolumeWritten, SyncTrigger.Initial), (e.Kind, e.Trigger)));
        Assert.Equal("app=\"web\"", Read("podinfo", "labels"));
        await _server.State.WaitForWatchAsync("Pod", "default", "web", _deadline.Token);

        Relabel(("app", "web"), ("tier", "front"));

        var relabelled = await NextAsync(events);
        Assert.Equal(("podinfo", SyncEventKind.VolumeWritten, SyncTrigger.PodUpdate), (relabelled.Volume, relabelled.Kind, relabelled.Trigger));
        Assert.NotEqual(initial[0].DataDirectory, relabelled.DataDirectory);
        Assert.Equal("app=\"web\"\ntier=\"front\"", Read("podinfo", "labels"));
        Assert.Contains(_server.State.Requests, r => r.IsWatch && r.Path == "/api/v1/namespaces/default/pods" && r.Query.GetValueOrDefault("fieldSelector") == "metadata.name=web");

        // A status update changes no file: the downwardAPI volume is planned again and found unchanged.
        _server.State.SetPodPhase("default", "web", "Running");
        var status = await NextAsync(events);
        Assert.Equal(("podinfo", SyncEventKind.VolumeUnchanged, SyncTrigger.PodUpdate), (status.Volume, status.Kind, status.Trigger));

        // Deleted: the sync ends, and nothing came for the secret volume in between.
        _server.State.Delete("Pod", "default", "web");
        Assert.Equal(SyncEventKind.PodDeleted, (await NextAsync(events)).Kind);
        Assert.False(await events.MoveNextAsync(), "the sync goes on after its pod's deletion");
        Assert.Equal("p1", Read("creds", "password"));
    }

    [Fact]
    public async Task Under_Get_the_pod_is_read_at_the_periodic_sync_and_never_watched()
    {
        await using var events = await StartAsync(ChangeDetectionStrategy.Get);
        var initial = await NextAsync(events, 2);
        Relabel(("app", "shop"));

        await _clock.WaitForTimersAsync(_deadline.Token); // the sync waits: a time set before it waited would be missed
        _clock.Advance(TimeSpan.FromMinutes(1));
        var pass = await NextAsync(events, 2);
        Assert.Equal(
            [("podinfo", SyncEventKind.VolumeWritten, SyncTrigger.PodUpdate), ("creds", SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic)],
            pass.Select(e => (e.Volume!, e.Kind, e.Trigger)));
        Assert.NotEqual(initial[0].DataDirectory, pass[0].DataDirectory);
        Assert.Equal("app=\"shop\"", Read("podinfo", "labels"));
        Assert.DoesNotContain(_server.State.Requests, r => r.IsWatch);
    }

    public async ValueTask DisposeAsync()
    {
        await _deadline.CancelAsync();
        _secrets?.Dispose();
        _configMaps?.Dispose();
        _sources.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
        await _clock.DisposeAsync();
        _deadline.Dispose();
    }

    /// <summary>Reads the pod and starts its sync, following the pod through the server by <paramref name="strategy"/>.</summary>
    private async Task<IAsyncEnumerator<SyncEvent>> StartAsync(ChangeDetectionStrategy strategy)
    {
        var pod = (await _sources.GetPodAsync("default", "web", _deadline.Token)).Value!;
        var options = new ObjectManagerOptions { Strategy = strategy };
        _secrets = ObjectManager.ForSecrets(_sources.Secrets, options, _clock);
        _configMaps = ObjectManager.ForConfigMaps(_sources.ConfigMaps, options, _clock);
        var sync = PodSync.Create(pod, _secrets, _configMaps, name => _volumes[name], timeProvider: _clock, pods: _sources.Pods, podChangeDetection: options);
        return sync.RunAsync(_deadline.Token).GetAsyncEnumerator(_deadline.Token);
    }

    /// <summary>Replaces the pod's labels on the server, as <c>kubectl label --overwrite</c> does.</summary>
    private void Relabel(params (string Key, string Value)[] labels)
    {
        var pod = JsonNode.Parse(_server.State.GetJson("Pod", "default", "web")!)!.AsObject();
        var replaced = new JsonObject();
        foreach (var (key, value) in labels)
        {
            replaced[key] = value;
        }

        pod["metadata"]!["labels"] = replaced;
        _server.State.PutJson(pod.ToJsonString());
    }

    private static async Task<SyncEvent> NextAsync(IAsyncEnumerator<SyncEvent> events)
    {
        Assert.True(await events.MoveNextAsync(), "the sync ended");
        return events.Current;
    }

    private static async Task<List<SyncEvent>> NextAsync(IAsyncEnumerator<SyncEvent> events, int count)
    {
        var read = new List<SyncEvent>();
        for (var i = 0; i < count; i++)
        {
            read.Add(await NextAsync(events));
        }

        return read;
    }

    private string? Read(string volume, string path) => _volumes[volume].ReadFileThroughLinks(path) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
