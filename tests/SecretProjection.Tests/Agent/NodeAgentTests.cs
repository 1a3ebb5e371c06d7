using System.Diagnostics;
using SecretProjection.Agent;
using SecretProjection.Diagnostics;
using SecretProjection.Model;
using static SecretProjection.Tests.Agent.AgentHarness;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.Agent;

/// <summary>The node agent over in-memory pods, objects and root: layout, sharing, removal, convergence at start, readiness.</summary>
/// <remarks>Alone: its span test listens to every span of the process (<see cref="ProcessWideListeners"/>).</remarks>
[Collection(ProcessWideListeners.Name)]
public class NodeAgentTests
{
    private static readonly (AgentEventKind, string, string?)[] WebWritten =
        [(AgentEventKind.VolumeWritten, "web", "creds"), (AgentEventKind.VolumeWritten, "web", "cfg"), (AgentEventKind.VolumeWritten, "web", "all")];

    private static Task<AgentHarness> Started(params Pod[] pods) => Started(foreignSyncs: false, pods);

    private static async Task<AgentHarness> Started(bool foreignSyncs, params Pod[] pods)
    {
        var harness = new AgentHarness(foreignSyncs: foreignSyncs);
        harness.Secrets.Put(Secret("db", "v1"));
        harness.Secrets.Put(Secret("other", "o1"));
        harness.ConfigMaps.Put(Settings("info"));
        foreach (var pod in pods)
        {
            harness.Pods.Put(pod);
        }

        harness.Start();
        return harness;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, looking again every 10 ms.</summary>
    private static async Task Until(Func<bool> condition)
    {
        var bounded = Bounded();
        while (!condition())
        {
            await Task.Delay(10, bounded);
        }
    }

    private static (AgentEventKind, string, string?)[] Written(string pod) =>
        [(AgentEventKind.VolumeWritten, pod, "creds"), (AgentEventKind.VolumeWritten, pod, "cfg"), (AgentEventKind.VolumeWritten, pod, "all")];

    [Fact]
    public async Task Every_pod_of_the_node_is_written_in_the_kubelets_layout_and_a_pod_of_another_node_is_not()
    {
        await using var harness = await Started(PodOf("web"), PodOf("api", secret: "other"));
        harness.Pods.Put(PodOf("elsewhere"), node: "node-2");

        var events = await harness.NextUntilSeenAsync([.. Written("web"), .. Written("api")]);

        Assert.Equal(["api", "web"], events.Where(e => e.Kind == AgentEventKind.PodAdded).Select(e => e.Pod![(Ns.Length + 1)..]).Order());
        Assert.Equal("v1", harness.Read("web", "secret", "creds", "key"));
        Assert.Equal("info", harness.Read("web", "configmap", "cfg", "level"));
        Assert.Equal(("v1", "info"), (harness.Read("web", "projected", "all", "password"), harness.Read("web", "projected", "all", "level")));
        Assert.Equal("o1", harness.Read("api", "secret", "creds", "key"));
        Assert.False(harness.Exists("pods/uid-elsewhere"));
        Assert.False(harness.Exists("pods/uid-web/volumes/kubernetes.io~empty-dir"), "an emptyDir is not the agent's");
        Assert.Equal(0x1E8, harness.Host.Root.GetEntry("pods/uid-web/volumes")!.Mode);
        Assert.All(events.Where(e => e.Kind == AgentEventKind.VolumeWritten), e => Assert.StartsWith("..data -> ..", e.Message, StringComparison.Ordinal));
        Assert.Equal("uid-web", events.First(e => e.Pod == Ns + "/web").Uid);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // syncs that report through their own sequences
    public async Task A_Secret_shared_by_two_pods_is_watched_once_and_its_change_rewrites_both_pods_volumes(bool foreignSyncs)
    {
        await using var harness = await Started(foreignSyncs, PodOf("web"), PodOf("api"));
        await harness.NextUntilSeenAsync([.. Written("web"), .. Written("api")]);
        await harness.Agent.WaitUntilReadyAsync(Bounded());

        Assert.Single(harness.Secrets.WatchedObjects, o => o.EndsWith("/db", StringComparison.Ordinal));
        harness.Secrets.Put(Secret("db", "v2"));
        var events = await harness.NextUntilSeenAsync(
            (AgentEventKind.VolumeWritten, "web", "creds"), (AgentEventKind.VolumeWritten, "web", "all"),
            (AgentEventKind.VolumeWritten, "api", "creds"), (AgentEventKind.VolumeWritten, "api", "all"),
            (AgentEventKind.EnvDrift, "web", null), (AgentEventKind.EnvDrift, "api", null));

        Assert.DoesNotContain(events, e => e.Volume == "cfg");
        Assert.All(events.Where(e => e.Kind == AgentEventKind.VolumeWritten), e => Assert.EndsWith($"after Secret {Ns}/db changed", e.Message, StringComparison.Ordinal));
        Assert.Contains("PASSWORD changed", events.First(e => e.Kind == AgentEventKind.EnvDrift).Message, StringComparison.Ordinal);
        Assert.Equal(("v2", "v2", "v2", "v2"), (harness.Read("web", "secret", "creds", "key"), harness.Read("web", "projected", "all", "password"), harness.Read("api", "secret", "creds", "key"), harness.Read("api", "projected", "all", "password")));
    }

    [Fact]
    public async Task A_deleted_pod_loses_its_volumes_and_empty_directories_and_a_foreign_plugin_directory_keeps_the_pod_directory()
    {
        await using var harness = await Started(PodOf("web"), PodOf("api"));
        await harness.NextUntilSeenAsync([.. Written("web"), .. Written("api")]);
        harness.Host.Root.CreateDirectory("pods/uid-api/volumes/kubernetes.io~empty-dir", 0x1ED);
        harness.Host.Root.CreateDirectory("pods/uid-api/volumes/kubernetes.io~empty-dir/scratch", 0x1ED);

        harness.Pods.Delete("uid-web");
        harness.Pods.Delete("uid-api");
        var events = await harness.NextUntilSeenAsync((AgentEventKind.PodRemoved, "web", null), (AgentEventKind.PodRemoved, "api", null));

        Assert.Equal(6, events.Count(e => e.Kind == AgentEventKind.VolumeRemoved));
        Assert.Equal("deleted", events.First(e => e.Kind == AgentEventKind.PodRemoved).Message);
        Assert.False(harness.Exists("pods/uid-web"));
        Assert.Equal(["kubernetes.io~empty-dir"], harness.Host.Root.List("pods/uid-api/volumes"));
        Assert.Equal(["scratch"], harness.Host.Root.List("pods/uid-api/volumes/kubernetes.io~empty-dir"));
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public async Task A_pod_that_ends_loses_its_volumes_and_its_objects_are_no_longer_watched(string phase)
    {
        await using var harness = await Started(PodOf("web"), PodOf("api", secret: "other"));
        await harness.NextUntilSeenAsync([.. Written("web"), .. Written("api")]);

        harness.Pods.Put(PodOf("api", secret: "other", phase: phase));
        var events = await harness.NextUntilSeenAsync((AgentEventKind.PodRemoved, "api", null));

        Assert.Equal("phase " + phase, events[^1].Message);
        Assert.False(harness.Exists("pods/uid-api"));
        Assert.True(harness.Exists("pods/uid-web/volumes/kubernetes.io~secret/creds/key"));
        await harness.Secrets.WaitUntilAsync(s => !s.WatchedObjects.Any(o => o.EndsWith("/other", StringComparison.Ordinal)), Bounded());
    }

    [Fact]
    public async Task A_pod_added_later_is_written()
    {
        await using var harness = await Started(PodOf("web"));
        await harness.NextUntilSeenAsync(WebWritten);

        harness.Pods.Put(PodOf("late"));
        await harness.NextUntilSeenAsync([(AgentEventKind.PodAdded, "late", null), .. Written("late")]);

        Assert.Equal("v1", harness.Read("late", "secret", "creds", "key"));
    }

    [Fact]
    public async Task At_start_a_stale_uid_is_removed_but_another_plugins_directory_and_other_files_stay()
    {
        var harness = new AgentHarness();
        await using var _ = harness;
        harness.Secrets.Put(Secret("db", "v1"));
        harness.ConfigMaps.Put(Settings("info"));
        var root = harness.Host.Root;
        foreach (var dir in new[] { "pods", "pods/stale", "pods/stale/volumes", "pods/stale/volumes/kubernetes.io~secret", "pods/stale/volumes/kubernetes.io~secret/creds", "pods/gone", "pods/gone/volumes", "pods/gone/volumes/kubernetes.io~downward-api", "pods/gone/volumes/kubernetes.io~downward-api/info", "pods/gone/volumes/kubernetes.io~csi", "pods/gone/volumes/kubernetes.io~csi/data" })
        {
            root.CreateDirectory(dir, 0x1ED);
        }

        root.WriteFile("pods/stale/volumes/kubernetes.io~secret/creds/key", "old"u8, 0x1A4, null);
        root.WriteFile("pods/gone/etc-hosts", "127.0.0.1"u8, 0x1A4, null);
        harness.Pods.Put(PodOf("web"));
        harness.Start();

        var events = await harness.NextUntilAsync(e => e.Count(x => x.Kind == AgentEventKind.PodRemoved && x.Pod is null) == 2);

        Assert.Equal(["creds", "info"], events.Where(e => e.Kind == AgentEventKind.VolumeRemoved).Select(e => e.Volume).Order());
        Assert.All(events.Where(e => e.Kind == AgentEventKind.PodRemoved && e.Pod is null), e => Assert.Equal($"not a live pod of node {AgentHarness.Node}", e.Message));
        Assert.False(harness.Exists("pods/stale"));
        Assert.Equal(["kubernetes.io~csi"], root.List("pods/gone/volumes"));
        Assert.True(harness.Exists("pods/gone/etc-hosts"));
        await harness.NextUntilSeenAsync(WebWritten);
    }

    [Fact]
    public async Task A_tmpfs_is_unmounted_before_its_directory_is_removed_and_a_busy_one_is_left_in_place()
    {
        var harness = new AgentHarness(tmpfs: true);
        await using var _ = harness;
        harness.Secrets.Put(Secret("db", "v1"));
        harness.ConfigMaps.Put(Settings("info"));
        harness.Pods.Put(PodOf("web"));
        harness.Start();
        await harness.NextUntilSeenAsync(WebWritten);
        Assert.Equal(["pods/uid-web/volumes/kubernetes.io~projected/all", "pods/uid-web/volumes/kubernetes.io~secret/creds"], harness.Host.Mounts);
        harness.Host.MakeBusy("pods/uid-web/volumes/kubernetes.io~projected/all");

        harness.Pods.Delete("uid-web");
        var events = await harness.NextUntilSeenAsync((AgentEventKind.PodRemoved, "web", null));

        Assert.Equal("kubernetes.io~secret, tmpfs unmounted", events.Single(e => e.Kind == AgentEventKind.VolumeRemoved && e.Volume == "creds").Message);
        Assert.Equal("kubernetes.io~configmap", events.Single(e => e.Kind == AgentEventKind.VolumeRemoved && e.Volume == "cfg").Message);
        var busy = events.Single(e => e.Kind == AgentEventKind.VolumeFailed);
        Assert.Equal(("all", "not removed: umount pods/uid-web/volumes/kubernetes.io~projected/all: device or resource busy"), (busy.Volume, busy.Message));
        Assert.True(harness.Exists("pods/uid-web/volumes/kubernetes.io~projected/all/password"));
        Assert.False(harness.Exists("pods/uid-web/volumes/kubernetes.io~secret"));
    }

    [Fact]
    public async Task Watches_dropped_and_a_410_end_in_a_relist_that_finds_a_pod_deleted_and_one_added_meanwhile()
    {
        await using var harness = await Started(PodOf("web"), PodOf("api"));
        await harness.NextUntilSeenAsync([.. Written("web"), .. Written("api")]);
        harness.Pods.Put(PodOf("extra"));
        await harness.NextUntilSeenAsync(Written("extra")); // the watch has delivered an event

        harness.Pods.CompactAndDropWatches(); // resumed from its last resourceVersion, the watch gets 410 and backs off
        harness.Pods.Delete("uid-api");
        harness.Pods.Put(PodOf("late"));
        await harness.Clock.AdvanceWhenSetAsync(TimeSpan.FromMilliseconds(800), Bounded()); // the backoff's first wait
        var events = await harness.NextUntilSeenAsync([(AgentEventKind.PodRemoved, "api", null), .. Written("late")]);

        Assert.Equal(2, harness.Pods.ListCalls);
        Assert.False(harness.Exists("pods/uid-api"));
        Assert.True(harness.Exists("pods/uid-web/volumes/kubernetes.io~secret/creds/key"));
        Assert.DoesNotContain(events, e => e.Kind == AgentEventKind.PodRemoved && e.Pod != Ns + "/api");
    }

    [Fact]
    public async Task Ready_only_once_the_first_list_is_done_and_every_volume_was_written_or_failed_once()
    {
        var harness = new AgentHarness();
        await using var _ = harness;
        harness.Secrets.Put(Secret("db", "v1"));
        harness.Pods.Put(PodOf("web")); // its ConfigMap is missing: cfg and all fail, and that counts
        harness.Pods.HoldLists();
        harness.Start();

        await Until(() => harness.Pods.ListCalls == 1);
        Assert.False(harness.Agent.IsReady);
        harness.Pods.ReleaseLists();
        var events = await harness.NextUntilSeenAsync((AgentEventKind.VolumeWritten, "web", "creds"), (AgentEventKind.VolumeFailed, "web", "cfg"), (AgentEventKind.VolumeFailed, "web", "all"));
        await harness.Agent.WaitUntilReadyAsync(Bounded());

        Assert.Equal("configmap \"settings\" not found (initial sync)", events.Single(e => e.Volume == "cfg").Message);
    }

    [Fact]
    public async Task Stopping_leaves_every_volume_in_place()
    {
        await using var harness = await Started(PodOf("web"));
        await harness.NextUntilSeenAsync(WebWritten);

        var rest = await harness.StopAsync();

        Assert.DoesNotContain(rest, e => e.Kind is AgentEventKind.VolumeRemoved or AgentEventKind.PodRemoved);
        Assert.Equal("v1", harness.Read("web", "secret", "creds", "key"));
    }

    [Fact]
    public async Task A_projection_span_is_linked_to_the_change_span_of_the_Secret_that_caused_it()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SecretProjectionMeter.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (spans)
                {
                    spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var harness = await Started(PodOf("web"));
        await harness.NextUntilSeenAsync(WebWritten);

        harness.Secrets.Put(Secret("db", "v2"));
        await harness.NextUntilSeenAsync((AgentEventKind.VolumeWritten, "web", "creds"), (AgentEventKind.VolumeWritten, "web", "all"));

        Activity[] snapshot;
        lock (spans)
        {
            snapshot = [.. spans];
        }

        var change = Assert.Single(snapshot, s => s.OperationName == "secretprojection.object.change" && (string?)s.GetTagItem("secretprojection.object.name") == "db");
        var projections = snapshot.Where(s => s.OperationName == "secretprojection.volume.project" && s.Links.Any(l => l.Context.SpanId == change.SpanId)).ToArray();
        Assert.Equal(["all", "creds"], projections.Select(p => (string?)p.GetTagItem("secretprojection.volume")).Order());
        Assert.All(projections, p => Assert.Equal(("change", "written", "uid-web"), ((string?)p.GetTagItem("secretprojection.trigger"), (string?)p.GetTagItem("secretprojection.result"), (string?)p.GetTagItem("secretprojection.pod.uid"))));
    }
}
