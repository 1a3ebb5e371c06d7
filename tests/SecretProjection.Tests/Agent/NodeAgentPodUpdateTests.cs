using SecretProjection.Agent;
using SecretProjection.Model;
using SecretProjection.Tests.Syncing;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.Agent;

/// <summary>
/// A pod's MODIFIED event on the node's watch with new labels or annotations rewrites its downwardAPI files, as the
/// kubelet's sync of an updated pod does; the pod's sync is fed by the node's watch and opens no watch of its own.
/// </summary>
public sealed class NodeAgentPodUpdateTests
{
    private static readonly Pod LabelledPod = new()
    {
        Namespace = Ns,
        Name = "web",
        Uid = "uid-web",
        Phase = "Running",
        Labels = new Dictionary<string, string> { ["app"] = "web" },
        Containers = [new Container { Name = "app" }],
        Volumes =
        [
            new Volume
            {
                Name = "podinfo",
                DownwardApi = new DownwardApiVolumeSource { Items = [new DownwardApiVolumeFile { Path = "labels", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.labels" } }] },
            },
            new Volume
            {
                Name = "all",
                Projected = new ProjectedVolumeSource
                {
                    Sources =
                    [
                        new VolumeProjection { DownwardApi = new DownwardApiVolumeSource { Items = [new DownwardApiVolumeFile { Path = "app", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.labels['app']" } }] } },
                        new VolumeProjection { ConfigMap = new ProjectedObject { Name = "settings" } },
                    ],
                },
            },
            new Volume { Name = "cfg", ConfigMap = new ConfigMapVolumeSource { Name = "settings" } },
        ],
    };

    [Fact]
    public async Task A_label_change_on_the_nodes_watch_rewrites_the_pods_downwardAPI_files_and_no_other_volume()
    {
        var ownSource = new FakePodSource(LabelledPod);
        await using var harness = new AgentHarness(followedPods: ownSource);
        harness.ConfigMaps.Put(AgentHarness.Settings("info"));
        var stored = harness.Pods.Put(LabelledPod);
        harness.Start();
        await harness.NextUntilSeenAsync((AgentEventKind.VolumeWritten, "web", "podinfo"), (AgentEventKind.VolumeWritten, "web", "all"), (AgentEventKind.VolumeWritten, "web", "cfg"));
        await harness.Agent.WaitUntilReadyAsync(Bounded());
        Assert.Equal("app=\"web\"", harness.Read("web", "downward-api", "podinfo", "labels"));

        harness.Pods.Put(stored with { Labels = new Dictionary<string, string> { ["app"] = "shop", ["tier"] = "front" } });

        var rewritten = await harness.NextUntilAsync(events => events.Count(e => e.Kind == AgentEventKind.VolumeWritten) == 2);
        Assert.Equal(
            [("podinfo", true), ("all", true)],
            rewritten.Where(e => e.Kind == AgentEventKind.VolumeWritten).Select(e => (e.Volume, e.Message!.EndsWith(" (pod update)", StringComparison.Ordinal))));
        Assert.Equal("app=\"shop\"\ntier=\"front\"", harness.Read("web", "downward-api", "podinfo", "labels"));
        Assert.Equal("shop", harness.Read("web", "projected", "all", "app"));
        Assert.Equal("level=info", harness.Read("web", "projected", "all", "level") is { } level ? "level=" + level : null);

        // cfg was not written again, and the pod's sync watched and read nothing of its own: the node's watch fed it.
        var rest = await harness.StopAsync();
        Assert.DoesNotContain(rewritten.Concat(rest), e => e.Kind == AgentEventKind.VolumeWritten && e.Volume == "cfg");
        Assert.Equal((0, 0), (ownSource.WatchCalls, ownSource.GetCalls));
    }
}
