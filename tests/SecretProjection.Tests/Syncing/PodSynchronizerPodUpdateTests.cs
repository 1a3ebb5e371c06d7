using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.Tests.ObjectManagers;

namespace SecretProjection.Tests.Syncing;

/// <summary>
/// A live pod's label or annotation change rewrites its downwardAPI files, as the kubelet's sync of an updated pod does
/// (<c>pkg/volume/downwardapi/downwardapi.go</c>: SetUp writes the current pod's fields through the atomic writer): the
/// sync follows its pod by watch, or by a read at each periodic sync under Get and Cache, and ends when it is deleted.
/// </summary>
public sealed class PodSynchronizerPodUpdateTests
{
    private static readonly Pod LabelledPod = new()
    {
        Namespace = SyncHarness.Ns,
        Name = "web",
        Uid = "uid-web",
        Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
        Annotations = new Dictionary<string, string> { ["owner"] = "team-a" },
        Containers =
        [
            new Container { Name = "app", Env = [new EnvVar { Name = "TIER", ValueFrom = new EnvVarSource { FieldPath = "metadata.labels['tier']" } }] },
        ],
        Volumes =
        [
            new Volume
            {
                Name = "labels",
                DownwardApi = new DownwardApiVolumeSource
                {
                    Items =
                    [
                        new DownwardApiVolumeFile { Path = "labels", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.labels" } },
                        new DownwardApiVolumeFile { Path = "tier", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.labels['tier']" } },
                    ],
                },
            },
            new Volume
            {
                Name = "info",
                Projected = new ProjectedVolumeSource
                {
                    Sources =
                    [
                        new VolumeProjection { DownwardApi = new DownwardApiVolumeSource { Items = [new DownwardApiVolumeFile { Path = "annotations", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.annotations" } }] } },
                        new VolumeProjection { ConfigMap = new ProjectedObject { Name = "settings" } },
                    ],
                },
            },
            new Volume { Name = "cfg", ConfigMap = new ConfigMapVolumeSource { Name = "settings" } },
        ],
    };

    private static Pod Relabelled => LabelledPod with { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "back" } };

    [Fact]
    public async Task A_label_change_seen_by_the_watch_rewrites_the_downwardAPI_volumes_at_once_and_no_other()
    {
        await using var harness = new SyncHarness();
        harness.ConfigMaps.Put(SyncHarness.Settings("info"));
        var pods = new FakePodSource(LabelledPod);
        harness.Begin(pod: (await pods.GetAsync(SyncHarness.Ns, "web")).Value, pods: pods);
        var initial = await harness.NextAsync(3);
        Assert.All(initial, e => Assert.Equal((SyncEventKind.VolumeWritten, SyncTrigger.Initial), (e.Kind, e.Trigger)));
        Assert.Equal("app=\"web\"\ntier=\"front\"", harness.Read("labels", "labels"));
        await pods.WaitForWatchAsync(ObjectManagerFixtures.Bounded());

        pods.Put(Relabelled);

        // The labels volume gets a new generation; the projected one reads only annotations and stays; cfg is not touched.
        var (labels, info, drift) = (await harness.NextAsync(), await harness.NextAsync(), await harness.NextAsync());
        Assert.Equal(("labels", SyncEventKind.VolumeWritten, SyncTrigger.PodUpdate), (labels.Volume, labels.Kind, labels.Trigger));
        Assert.NotEqual(initial.Single(e => e.Volume == "labels").DataDirectory, labels.DataDirectory);
        Assert.Equal("app=\"web\"\ntier=\"back\"", harness.Read("labels", "labels"));
        Assert.Equal("back", harness.Read("labels", "tier"));
        Assert.Equal(("info", SyncEventKind.VolumeUnchanged, SyncTrigger.PodUpdate), (info.Volume, info.Kind, info.Trigger));
        Assert.Equal("owner=\"team-a\"", harness.Read("info", "annotations"));

        // A running container keeps its environment: the label in env is reported as drift, as a Secret change is.
        Assert.Equal((SyncEventKind.EnvDrift, SyncTrigger.PodUpdate), (drift.Kind, drift.Trigger));
        Assert.Equal("app", Assert.Single(drift.Drift).ContainerName);
        Assert.Equal(" (pod update)", labels.Cause);

        // An annotation change reaches the projected volume; the labels volume is planned again and found unchanged.
        pods.Put(Relabelled with { Annotations = new Dictionary<string, string> { ["owner"] = "team-b" } });
        var second = await harness.NextAsync(2);
        Assert.Equal(
            [("labels", SyncEventKind.VolumeUnchanged), ("info", SyncEventKind.VolumeWritten)],
            second.Select(e => (e.Volume, e.Kind)));
        Assert.Equal("owner=\"team-b\"", harness.Read("info", "annotations"));

        // Its deletion ends the sync; the volumes keep what was last written.
        pods.Delete();
        var deleted = await harness.NextAsync();
        Assert.Equal((SyncEventKind.PodDeleted, SyncTrigger.PodUpdate, "ns/web", null), (deleted.Kind, deleted.Trigger, deleted.Pod, deleted.Message));
        Assert.Empty(await harness.EndAsync());
        Assert.Equal("app=\"web\"\ntier=\"back\"", harness.Read("labels", "labels"));
        Assert.Equal(1, pods.WatchCalls);
        Assert.Equal(1, pods.GetCalls); // the read that started the sync
    }

    [Theory]
    [InlineData(ChangeDetectionStrategy.Get)]
    [InlineData(ChangeDetectionStrategy.Cache)]
    public async Task Under_Get_and_Cache_the_pod_is_read_again_at_each_periodic_sync_without_a_watch(ChangeDetectionStrategy strategy)
    {
        await using var harness = new SyncHarness(strategy);
        harness.ConfigMaps.Put(SyncHarness.Settings("info"));
        var pods = new FakePodSource(LabelledPod);
        harness.Begin(pod: (await pods.GetAsync(SyncHarness.Ns, "web")).Value, pods: pods);
        await harness.NextAsync(3);
        pods.Put(Relabelled);
        var due = await harness.IdleAsync();
        Assert.Equal(harness.Start.AddMinutes(1), due); // nothing happens before the periodic sync

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var pass = await harness.NextAsync(3);
        Assert.Equal(
            [("labels", SyncEventKind.VolumeWritten, SyncTrigger.PodUpdate), ("info", SyncEventKind.VolumeUnchanged, SyncTrigger.PodUpdate), ("cfg", SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic)],
            pass.Select(e => (e.Volume!, e.Kind, e.Trigger)));
        Assert.Equal("back", harness.Read("labels", "tier"));
        Assert.Equal((0, 2), (pods.WatchCalls, pods.GetCalls));

        // Not found at the next periodic sync: deleted.
        await harness.NextAsync(); // the drift of TIER
        pods.Delete();
        await harness.IdleUntilAsync(harness.Start.AddMinutes(2));
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SyncEventKind.PodDeleted, (await harness.NextAsync()).Kind);
        Assert.Empty(await harness.EndAsync());
    }

    [Fact]
    public async Task A_pod_of_another_uid_under_the_name_ends_the_sync_and_the_same_resourceVersion_projects_nothing()
    {
        await using var harness = new SyncHarness();
        harness.ConfigMaps.Put(SyncHarness.Settings("info"));
        var pod = LabelledPod with { ResourceVersion = "7" };
        var sync = harness.Begin(pod: pod);
        await harness.NextAsync(3);

        ((IPodUpdates)sync).UpdatePod(pod with { Labels = Relabelled.Labels }); // the same resourceVersion: nothing new
        ((IPodUpdates)sync).UpdatePod(pod with { Uid = "uid-web-2", ResourceVersion = "9" });
        var deleted = await harness.NextAsync();
        Assert.Equal((SyncEventKind.PodDeleted, "pod uid uid-web-2 now has its name"), (deleted.Kind, deleted.Message));
        Assert.Equal("pod deleted, the sync ends: pod uid uid-web-2 now has its name", deleted.ToString());
        Assert.Empty(await harness.EndAsync());
        Assert.Equal("app=\"web\"\ntier=\"front\"", harness.Read("labels", "labels"));
    }
}
