using FsCheck.Xunit;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Writing;
using static SecretProjection.Tests.Projection.ProjectionFixtures;

namespace SecretProjection.Tests.Projection;

/// <summary>The planner's invariants, over generated objects and specs.</summary>
public partial class PodPlannerTests
{
    [Property(MaxTest = 200)]
    public bool Plan_is_a_function_of_its_inputs(int[] keyIds, string[] values, int defaultMode, bool fsGroup, string[] itemPaths)
    {
        var (pod, objects) = Scenario(keyIds, values, defaultMode, fsGroup, itemPaths);

        return Same(Plan(pod, objects), Plan(pod, objects));
    }

    [Property(MaxTest = 200)]
    public void Planned_paths_are_unique_sorted_and_pass_the_writers_rules(int[] keyIds, string[] values, int defaultMode, bool fsGroup, string[] itemPaths)
    {
        var (pod, objects) = Scenario(keyIds, values, defaultMode, fsGroup, itemPaths);

        foreach (var volume in Plan(pod, objects).Volumes)
        {
            var paths = volume.Files.Select(f => f.Path).ToArray();
            Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
            Assert.Equal(paths.Length, paths.Distinct(StringComparer.Ordinal).Count());
            Assert.All(paths, p => Assert.Null(PayloadPaths.Problem(p)));
        }

        // The writer's own check of the payload it would be given (paths, cleaning, file-and-directory): it accepts
        // every payload the planner hands it.
        foreach (var volume in Plan(pod, objects).Volumes.Where(v => v.Succeeded))
        {
            Assert.Equal(volume.Files.Select(f => f.Path), PayloadPaths.Clean(volume.ToPayload()).Select(f => f.Key));
        }
    }

    [Property(MaxTest = 200)]
    public void An_items_plan_is_a_subset_of_the_no_items_plan_with_the_same_bytes(int[] keyIds, string[] values, bool[] pick)
    {
        var secret = Secret("s", Entries(keyIds, values));
        var keys = secret.Data.Keys.Where((_, i) => pick.Length > 0 && pick[i % pick.Length]).ToArray();
        var all = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s" })), secret);
        var listed = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s", Items = keys.Select(k => Item(k, k)).ToArray() })), secret);

        Assert.True(all.Succeeded && listed.Succeeded);
        Assert.Equal(keys.Length == 0 ? all.Files.Count : keys.Length, listed.Files.Count);
        Assert.All(listed.Files, f => Assert.Contains(f, all.Files));
    }

    [Property(MaxTest = 300)]
    public void Modes_stay_within_0_to_0777_or_the_volume_fails(int defaultMode, int[] itemModes, bool fsGroup)
    {
        var secret = Secret("s", ("a", "1"), ("b", "2"), ("c", "3"));
        var items = itemModes.Take(3).Select((m, i) => Item(secret.Data.KeyAt(i), "f" + i, m)).ToArray();
        var security = new PodSecurityContext { FsGroup = fsGroup ? 2000 : null };

        var plan = PlanOne(Pod(security, [], SecretVolume(new SecretVolumeSource { SecretName = "s", DefaultMode = defaultMode, Items = items })), secret);

        var inRange = (defaultMode is >= 0 and <= 0x1FF) && items.All(i => i.Mode is >= 0 and <= 0x1FF);
        Assert.Equal(inRange, plan.Succeeded);
        Assert.All(plan.Files, f => Assert.InRange(f.Mode, 0, 0x1FF));
        Assert.All(plan.Files, f => Assert.InRange(f.EffectiveMode, 0, 0x1FF));
    }

    [Property(MaxTest = 300)]
    public void Any_input_gives_a_plan_and_a_failed_volume_has_no_files(string[] keys, string[] paths, int mode, bool optional)
    {
        var secret = Secret("s", keys.Where(k => k is not null).Select(k => (k, "v")).ToArray());
        var items = paths.Select((p, i) => Item(keys.Length > 0 ? keys[i % keys.Length] ?? "k" : "k", p ?? string.Empty, mode)).ToArray();
        var pod = Pod(SecretVolume(new SecretVolumeSource { SecretName = "s", Items = items, Optional = optional }));

        var plan = PlanOne(pod, secret);

        if (plan.Succeeded)
        {
            Assert.Equal(plan.Files.Count, plan.ToPayload().Count);
        }
        else
        {
            Assert.Empty(plan.Files);
            Assert.All(plan.Errors, e => Assert.False(string.IsNullOrEmpty(e.Field)));
            Assert.Throws<InvalidOperationException>(plan.ToPayload);
        }
    }

    private static (string, string)[] Entries(int[] keyIds, string[] values) =>
        keyIds.Select((id, i) => ("k" + (id & 31), values.Length > 0 ? values[i % values.Length] ?? string.Empty : string.Empty)).ToArray();

    // A secret volume, a configMap volume and a projected volume over both with overlapping keys.
    private static (Pod Pod, object[] Objects) Scenario(int[] keyIds, string[] values, int defaultMode, bool fsGroup, string[] itemPaths)
    {
        var entries = Entries(keyIds, values);
        var secret = Secret("s", entries);
        var configMap = ConfigMap("c", entries.DistinctBy(e => e.Item1).ToArray());
        var items = itemPaths.Take(4).Select((p, i) => Item(entries.Length > 0 ? entries[i % entries.Length].Item1 : "k", p ?? string.Empty)).ToArray();
        var mode = defaultMode & 0x1FF;
        var sources = new[]
        {
            new VolumeProjection { Secret = new ProjectedObject { Name = "s" } },
            new VolumeProjection { ConfigMap = new ProjectedObject { Name = "c", Items = items, Optional = true } },
        };
        var pod = Pod(
            new PodSecurityContext { FsGroup = fsGroup ? 2000 : null, RunAsUser = 1000 },
            [new VolumeMount { Name = "projected", MountPath = "/p", SubPath = items.FirstOrDefault()?.Path ?? string.Empty }],
            SecretVolume(new SecretVolumeSource { SecretName = "s", DefaultMode = mode, Items = items }, "secret"),
            new Volume { Name = "config", ConfigMap = new ConfigMapVolumeSource { Name = "c", DefaultMode = mode } },
            ProjectedVolume(new ProjectedVolumeSource { Sources = sources, DefaultMode = mode }, "projected"));
        return (pod, [secret, configMap]);
    }

    private static bool Same(PodPlan a, PodPlan b) =>
        a.Pod == b.Pod
        && a.Volumes.Count == b.Volumes.Count
        && a.Volumes.Zip(b.Volumes).All(p =>
            p.First.Name == p.Second.Name
            && p.First.NeverChanges == p.Second.NeverChanges
            && p.First.Files.SequenceEqual(p.Second.Files)
            && p.First.Errors.SequenceEqual(p.Second.Errors)
            && p.First.Notes.SequenceEqual(p.Second.Notes, StringComparer.Ordinal))
        && a.Mounts.Count == b.Mounts.Count
        && a.Mounts.Zip(b.Mounts).All(p => SameMount(p.First, p.Second));

    private static bool SameMount(MountPlan a, MountPlan b) =>
        a.Container == b.Container
        && a.ContainerKind == b.ContainerKind
        && a.Volume == b.Volume
        && a.MountPath == b.MountPath
        && a.SubPath == b.SubPath
        && a.ReceivesUpdates == b.ReceivesUpdates
        && a.Warnings.SequenceEqual(b.Warnings, StringComparer.Ordinal);
}
