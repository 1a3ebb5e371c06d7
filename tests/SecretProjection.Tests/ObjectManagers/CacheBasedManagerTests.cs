using FsCheck.Xunit;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.ObjectManagers;

/// <summary>Pod registration over both stores, with upstream's <c>cache_based_manager_test.go</c> cases.</summary>
public class CacheBasedManagerTests
{
    private readonly InMemoryObjectSource<Secret> _source = InMemoryObjectSource.ForSecrets();
    private readonly SimulatedClock _clock = new();

    private (IObjectManager<Secret> Manager, TtlObjectStore<Secret> Store) TtlManager()
    {
        var manager = Manager(_source, _clock, ChangeDetectionStrategy.Cache);
        return (manager, (TtlObjectStore<Secret>)((CacheBasedManager<Secret>)manager).Store);
    }

    private async Task<int> FetchesFor(IObjectManager<Secret> manager, params string[] names)
    {
        var before = _source.GetCalls;
        foreach (var name in names)
        {
            await manager.GetAsync("ns1", name);
        }

        return _source.GetCalls - before;
    }

    // Upstream: TestCacheInvalidation.
    [Fact]
    public async Task Registering_a_pod_invalidates_every_object_it_references()
    {
        var (manager, _) = TtlManager();

        // Upstream's fake client answers every get with an empty Secret: found, so cached.
        foreach (var name in new[] { "s1", "s10", "s2", "s20", "s3" })
        {
            _source.Put(Secret(name, ns: "ns1"));
        }

        var s1 = PodWithSecrets("ns1", "name1", ["s1"], (["s1"], ["s10"]), (["s2"], []));
        manager.RegisterPod(s1);
        Assert.Equal(3, await FetchesFor(manager, "s1", "s10", "s2"));

        // Update the pod with a new secret: all its secrets are invalidated.
        manager.RegisterPod(PodWithSecrets("ns1", "name1", ["s1"], (["s1"], []), (["s2"], ["s20"]), (["s3"], [])));
        Assert.Equal(4, await FetchesFor(manager, "s1", "s2", "s20", "s3"));

        // A new pod referencing the first three: those are invalidated.
        manager.RegisterPod(s1 with { Name = "name2", Uid = "ns1-name2" });
        Assert.Equal(3, await FetchesFor(manager, "s1", "s10", "s2", "s20", "s3"));
    }

    // Upstream: TestRegisterIdempotence.
    [Fact]
    public void Registering_a_pod_again_keeps_one_reference()
    {
        var (manager, store) = TtlManager();
        var pod = PodWithSecrets("ns1", "name1", ["s1"]);

        manager.RegisterPod(pod);
        Assert.Equal(1, store.References("ns1", "s1"));
        manager.RegisterPod(pod);
        Assert.Equal(1, store.References("ns1", "s1"));
        manager.RegisterPod(pod with { Name = "name2", Uid = "ns1-name2" });
        Assert.Equal(2, store.References("ns1", "s1"));

        manager.UnregisterPod(pod);
        Assert.Equal(1, store.References("ns1", "s1"));
        manager.UnregisterPod(pod);
        Assert.Equal(1, store.References("ns1", "s1"));
        manager.UnregisterPod(pod with { Name = "name2", Uid = "ns1-name2" });
        Assert.Equal(0, store.References("ns1", "s1"));
    }

    // Upstream: TestCacheRefcounts.
    [Fact]
    public void References_are_counted_across_pods_updates_and_removals()
    {
        var (manager, store) = TtlManager();
        (string[], string[])[] c1 = [(["s1"], ["s10"]), (["s2"], []), (["s3"], [])];
        (string[], string[])[] c2 = [(["s4"], []), (["s5"], ["s50"])];
        (string[], string[])[] c3 = [(["s3"], ["s30"]), (["s5"], [])];
        (string[], string[])[] c4 = [(["s6"], []), ([], ["s60"])];
        (string[], string[])[] c5 = [(["s7"], []), ([], ["s70"])];
        Pod P(string name, string[] pull, (string[], string[])[] containers) => PodWithSecrets("ns1", name, pull, containers);

        manager.RegisterPod(P("name1", ["s1"], c1));
        manager.RegisterPod(P("name2", ["s1"], c1));
        manager.RegisterPod(P("name2", ["s2"], c2));
        manager.RegisterPod(P("name3", ["s2"], c2));
        manager.RegisterPod(P("name4", ["s2"], c2));
        manager.UnregisterPod(P("name3", ["s2"], c2));
        manager.RegisterPod(P("name5", ["s1"], c3));
        manager.RegisterPod(P("name6", ["s1"], c3));
        manager.RegisterPod(P("name7", ["s3"], c4));
        manager.UnregisterPod(P("name7", ["s3"], c4));
        manager.RegisterPod(P("other-name", ["s1"], c1));
        manager.RegisterPod(P("other-name", ["s2"], c2));
        manager.UnregisterPod(P("other-name", ["s2"], c2));
        manager.RegisterPod(P("noop-pod", [], c5));
        manager.RegisterPod(P("noop-pod", [], c5));

        var expected = new Dictionary<string, int>
        {
            ["s1"] = 3, ["s10"] = 1, ["s2"] = 3, ["s3"] = 3, ["s30"] = 2, ["s4"] = 2, ["s5"] = 4, ["s50"] = 2,
            ["s6"] = 0, ["s60"] = 0, ["s7"] = 1, ["s70"] = 1,
        };
        Assert.All(expected, e => Assert.Equal((e.Key, e.Value), (e.Key, store.References("ns1", e.Key))));
    }

    // Upstream: TestCacheBasedSecretManager.
    [Fact]
    public async Task Only_objects_of_registered_pods_in_their_namespaces_can_be_read()
    {
        var (manager, _) = TtlManager();
        manager.RegisterPod(PodWithSecrets("ns1", "name1", ["s1"], (["s1"], []), (["s2"], []), ([], ["s20"])));
        var s2 = PodWithSecrets("ns1", "name1", ["s1"], (["s3"], []), (["s4"], []), ([], ["s40"]));
        manager.RegisterPod(s2);
        manager.RegisterPod(s2 with { Namespace = "ns2", Name = "name2", Uid = "ns2-name2" });
        var s3 = PodWithSecrets("ns3", "name", ["s5"], (["s6"], []), ([], ["s60"]));
        manager.RegisterPod(s3);
        manager.UnregisterPod(s3);

        foreach (var ns in new[] { "ns1", "ns2", "ns3" })
        {
            foreach (var secret in new[] { "s1", "s2", "s3", "s4", "s5", "s6", "s20", "s40", "s50" })
            {
                var registered = secret is "s1" or "s3" or "s4" or "s40" && ns is "ns1" or "ns2";
                var failure = (await manager.GetAsync(ns, secret)).Failure;
                Assert.Equal(registered ? null : $"object \"{ns}\"/\"{secret}\" not registered", failure);
            }
        }
    }

    [Fact]
    public void Registering_a_pod_again_never_stops_the_watch_of_an_object_it_keeps()
    {
        using var manager = Manager(_source, _clock);
        var store = WatchStore(manager);
        manager.RegisterPod(PodReading("p", "kept", "dropped"));

        manager.RegisterPod(PodReading("p", "kept", "added"));

        Assert.Equal(["added", "kept"], store.Watching.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, store.References(Ns, "kept"));
    }

    /// <summary>Any interleaving of registrations leaves watches open exactly for the objects registered pods reference.</summary>
    [Property(MaxTest = 60)]
    public async Task<bool> Watches_are_open_exactly_for_referenced_objects(byte[] steps)
    {
        string[] names = ["a", "b", "c", "d"];
        var source = InMemoryObjectSource.ForSecrets();
        using var manager = Manager(source, _clock);
        var store = WatchStore(manager);
        var registered = new Dictionary<int, Pod>();
        foreach (var step in steps.Take(30))
        {
            var pod = step % 3;
            var mask = (step >> 2) & 0xF;
            var current = PodReading("pod" + pod, names.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
            if ((step & 0x40) == 0)
            {
                manager.RegisterPod(current);
                registered[pod] = current;
            }
            else
            {
                manager.UnregisterPod(current);
                registered.Remove(pod);
            }
        }

        var expected = registered.Values.SelectMany(p => p.Volumes.Select(v => Ns + "/" + v.Secret!.SecretName)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var watching = store.Watching.Select(w => w.Namespace + "/" + w.Name).Order(StringComparer.Ordinal).ToArray();

        // The reflectors run on their own: the source sees exactly those watches once they have started.
        await source.WaitUntilAsync(s => s.WatchedObjects.SequenceEqual(expected), Bounded());
        return watching.SequenceEqual(expected);
    }
}
