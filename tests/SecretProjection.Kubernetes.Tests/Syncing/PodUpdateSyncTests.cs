using System.Text;
using System.Text.Json.Nodes;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
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

    private readonly LoopbackSync _sync = new();
    private readonly Dictionary<string, InMemoryVolumeFileSystem> _volumes = new(StringComparer.Ordinal)
    {
        ["podinfo"] = new("/volumes/podinfo"),
        ["creds"] = new("/volumes/creds"),
    };


    public PodUpdateSyncTests()
    {
        _sync.Server.State.PutJson("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default"},"stringData":{"password":"p1"}}""");
        _sync.Server.State.PutJson(PodJson);
    }

    [Fact]
    public async Task Under_Watch_a_label_change_rewrites_the_labels_file_in_a_new_generation_and_not_the_secret_volume()
    {
        await using var events = await StartAsync(ChangeDetectionStrategy.Watch);
        var initial = await LoopbackSync.NextAsync(events, 2);
        Assert.All(initial, e => Assert.Equal((SyncEventKind.VolumeWritten, SyncTrigger.Initial), (e.Kind, e.Trigger)));
        Assert.Equal("app=\"web\"", Read("podinfo", "labels"));
        await _sync.Server.State.WaitForWatchAsync("Pod", "default", "web", _sync.Deadline);

        Relabel(("app", "web"), ("tier", "front"));

        var relabelled = await LoopbackSync.NextAsync(events);
        Assert.Equal(("podinfo", SyncEventKind.VolumeWritten, SyncTrigger.PodUpdate), (relabelled.Volume, relabelled.Kind, relabelled.Trigger));
        Assert.NotEqual(initial[0].DataDirectory, relabelled.DataDirectory);
        Assert.Equal("app=\"web\"\ntier=\"front\"", Read("podinfo", "labels"));
        Assert.Contains(_sync.Server.State.Requests, r => r.IsWatch && r.Path == "/api/v1/namespaces/default/pods" && r.Query.GetValueOrDefault("fieldSelector") == "metadata.name=web");

        // A status update changes no file: the downwardAPI volume is planned again and found unchanged.
        _sync.Server.State.SetPodPhase("default", "web", "Running");
        var status = await LoopbackSync.NextAsync(events);
        Assert.Equal(("podinfo", SyncEventKind.VolumeUnchanged, SyncTrigger.PodUpdate), (status.Volume, status.Kind, status.Trigger));

        // Deleted: the sync ends, and nothing came for the secret volume in between.
        _sync.Server.State.Delete("Pod", "default", "web");
        Assert.Equal(SyncEventKind.PodDeleted, (await LoopbackSync.NextAsync(events)).Kind);
        Assert.False(await events.MoveNextAsync(), "the sync goes on after its pod's deletion");
        Assert.Equal("p1", Read("creds", "password"));
    }

    [Fact]
    public async Task Under_Get_the_pod_is_read_at_the_periodic_sync_and_never_watched()
    {
        await using var events = await StartAsync(ChangeDetectionStrategy.Get);
        var initial = await LoopbackSync.NextAsync(events, 2);
        Relabel(("app", "shop"));

        await _sync.Clock.WaitForTimersAsync(_sync.Deadline); // the sync waits: a time set before it waited would be missed
        _sync.Clock.Advance(TimeSpan.FromMinutes(1));
        var pass = await LoopbackSync.NextAsync(events, 2);
        Assert.Equal(
            [("podinfo", SyncEventKind.VolumeWritten, SyncTrigger.PodUpdate), ("creds", SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic)],
            pass.Select(e => (e.Volume!, e.Kind, e.Trigger)));
        Assert.NotEqual(initial[0].DataDirectory, pass[0].DataDirectory);
        Assert.Equal("app=\"shop\"", Read("podinfo", "labels"));
        Assert.DoesNotContain(_sync.Server.State.Requests, r => r.IsWatch);
    }

    public ValueTask DisposeAsync() => _sync.DisposeAsync();

    /// <summary>Reads the pod and starts its sync, following the pod through the server by <paramref name="strategy"/>.</summary>
    private async Task<IAsyncEnumerator<SyncEvent>> StartAsync(ChangeDetectionStrategy strategy)
    {
        var pod = (await _sync.Sources.GetPodAsync("default", "web", _sync.Deadline)).Value!;
        var options = new ObjectManagerOptions { Strategy = strategy };
        var (secrets, configMaps) = _sync.Managers(options);
        var sync = PodSync.Create(pod, secrets, configMaps, name => _volumes[name], timeProvider: _sync.Clock, pods: _sync.Sources.Pods, podChangeDetection: options);
        return sync.RunAsync(_sync.Deadline).GetAsyncEnumerator(_sync.Deadline);
    }

    /// <summary>Replaces the pod's labels on the server, as <c>kubectl label --overwrite</c> does.</summary>
    private void Relabel(params (string Key, string Value)[] labels)
    {
        var pod = JsonNode.Parse(_sync.Server.State.GetJson("Pod", "default", "web")!)!.AsObject();
        var replaced = new JsonObject();
        foreach (var (key, value) in labels)
        {
            replaced[key] = value;
        }

        pod["metadata"]!["labels"] = replaced;
        _sync.Server.State.PutJson(pod.ToJsonString());
    }

    private string? Read(string volume, string path) => _volumes[volume].ReadFileThroughLinks(path) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
