using System.Text;
using k8s;
using SecretProjection.Kubernetes.Tests.Sources;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.Testing.Volumes;

namespace SecretProjection.Kubernetes.Tests.Syncing;

/// <summary>
/// The docs' projected volume (secret + downwardAPI + configMap, with a serviceAccountToken source) synced against the
/// loopback API server through the real KubernetesClient: the token by TokenRequest, the unset CPU limit from the
/// Node, and the token renewed as <c>pkg/kubelet/token/token_manager.go</c> renews it, on a simulated clock the server
/// and the sync share.
/// </summary>
public sealed class ProjectedVolumeSyncTests : IAsyncDisposable
{
    private readonly LoopbackSync _sync = new();
    private readonly InMemoryVolumeFileSystem _volume = new("/volumes/all-in-one");

    public ProjectedVolumeSyncTests()
    {
        foreach (var item in KubernetesYaml.LoadAllFromString(File.ReadAllText(SampleManifests.PathOf(Path.Combine("projected", "all-in-one.yaml")))))
        {
            _sync.Server.State.PutJson(KubernetesJson.Serialize(item));
        }
    }

    [Fact]
    public async Task The_docs_projected_volume_is_written_in_full_and_its_token_renewed_after_80_percent_of_its_lifetime()
    {
        var (pod, events) = await StartAsync();
        await using var _ = events;

        var initial = await LoopbackSync.NextAsync(events);
        Assert.Equal((SyncEventKind.VolumeWritten, SyncTrigger.Initial), (initial.Kind, initial.Trigger));
        Assert.Equal("admin", Read("my-group/my-username"));
        Assert.Equal("log-level=info", Read("my-group/my-config"));
        Assert.Equal("app=\"volume-test\"", Read("labels"));
        Assert.Equal("4", Read("cpu_limit")); // no limit set: the node's allocatable
        var first = Assert.Single(_sync.Server.State.IssuedTokens);
        Assert.Equal(first.Token, Read("token"));
        Assert.Equal(["api"], first.Audiences);
        Assert.Equal((3600L, "Pod", "volume-test", LoopbackSync.Start), (first.ExpirationSeconds, first.BoundObjectKind, first.BoundObjectName, first.IssuedAt));
        Assert.Equal(pod.Uid, first.BoundObjectUid);
        Assert.Equal(0x1a4, _volume.StatThroughLinks("token")!.Mode); // no fsGroup and no single runAsUser: the default mode

        // At 80 % of the hour exactly the token is still served (the periodic sync passes then and writes nothing new)…
        await _sync.Clock.WaitForTimersAsync(_sync.Deadline); // the sync waits: a time set before it waited would be missed
        _sync.Clock.Advance(TimeSpan.FromSeconds(2880));
        var atEighty = await LoopbackSync.NextAsync(events);
        Assert.Equal((SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic, LoopbackSync.Start.AddSeconds(2880)), (atEighty.Kind, atEighty.Trigger, atEighty.Time));
        Assert.Equal(first.Token, Read("token"));
        Assert.Single(_sync.Server.State.IssuedTokens);

        // …and renewed just after it (a millisecond: the sync's wake for the renewal), without waiting for the next
        // periodic sync. The clock is advanced to that wake exactly, so that the time the sync reads is that one.
        await _sync.Clock.WaitForTimersAsync(_sync.Deadline);
        _sync.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var renewed = await LoopbackSync.NextAsync(events);
        Assert.Equal((SyncEventKind.VolumeWritten, SyncTrigger.TokenRefresh), (renewed.Kind, renewed.Trigger));
        Assert.Equal(2, _sync.Server.State.IssuedTokens.Count);
        var second = _sync.Server.State.IssuedTokens[1];
        Assert.Equal(LoopbackSync.Start.AddSeconds(2880).AddMilliseconds(1), second.IssuedAt);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(second.Token, Read("token"));
        Assert.Equal("admin", Read("my-group/my-username"));
    }

    [Fact]
    public async Task A_refused_TokenRequest_fails_the_volume_with_the_servers_message_and_writes_nothing()
    {
        _sync.Server.State.Delete("ServiceAccount", "default", "default");
        var (_, events) = await StartAsync();
        await using var __ = events;

        var failed = await LoopbackSync.NextAsync(events);
        Assert.Equal(SyncEventKind.VolumeFailed, failed.Kind);
        Assert.Contains("failed to fetch token: serviceaccounts \"default\" not found", failed.Message, StringComparison.Ordinal);
        Assert.Empty(_volume.ListThroughLinks(".") ?? []);
    }

    public ValueTask DisposeAsync() => _sync.DisposeAsync();

    /// <summary>Reads the pod and starts its sync over the server (the Get strategy: no watch to wait for), with no renewal jitter.</summary>
    private async Task<(Pod Pod, IAsyncEnumerator<SyncEvent> Events)> StartAsync()
    {
        var pod = (await _sync.Sources.GetPodAsync("default", "volume-test", _sync.Deadline)).Value!;
        var (secrets, configMaps) = _sync.Managers(new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Get });
        // The periodic sync at 80 % of the token's hour exactly: one advance of the clock then reaches it at that time.
        // (With a shorter period the advance would fire the first periodic wait on its way, and the sync, woken on
        // another thread, could read the clock before it had reached the end.)
        var options = new PodSyncOptions { SyncPeriod = TimeSpan.FromSeconds(2880) };
        var sync = PodSync.Create(pod, secrets, configMaps, _ => _volume, options, timeProvider: _sync.Clock, tokens: _sync.Sources.Tokens, cluster: _sync.Sources.Cluster, random: new NoJitter());
        return (pod, sync.RunAsync(_sync.Deadline).GetAsyncEnumerator(_sync.Deadline));
    }

    private string? Read(string path) => _volume.ReadFileThroughLinks(path) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The renewal's jitter at zero, so that the renewal time is exact.</summary>
    private sealed class NoJitter : Random
    {
        public override double NextDouble() => 0;

        protected override double Sample() => 0;
    }
}
