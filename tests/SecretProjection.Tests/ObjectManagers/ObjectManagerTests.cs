using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.TestSupport;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.ObjectManagers;

public class ObjectManagerTests
{
    [Theory]
    [InlineData(ChangeDetectionStrategy.Watch, typeof(WatchObjectStore<Secret>))]
    [InlineData(ChangeDetectionStrategy.Cache, typeof(TtlObjectStore<Secret>))]
    public void The_strategy_picks_the_store(ChangeDetectionStrategy strategy, Type store)
    {
        using var manager = ObjectManager.ForSecrets(InMemoryObjectSource.ForSecrets(), new ObjectManagerOptions { Strategy = strategy }, new SimulatedClock());

        Assert.IsType(store, ((CacheBasedManager<Secret>)manager).Store);
    }

    [Fact]
    public void The_configmap_manager_uses_the_kubelets_configmap_names()
    {
        var pod = new Pod { Name = "p", Volumes = [new Volume { Name = "c", ConfigMap = new ConfigMapVolumeSource { Name = "settings" } }] };
        using var manager = ObjectManager.ForConfigMaps(InMemoryObjectSource.ForConfigMaps(), new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Cache });

        manager.RegisterPod(pod);

        Assert.Equal(1, ((TtlObjectStore<ConfigMap>)((CacheBasedManager<ConfigMap>)manager).Store).References("default", "settings"));
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_problem()
    {
        var options = new ObjectManagerOptions { Ttl = TimeSpan.FromSeconds(-1), BackoffInitial = TimeSpan.FromSeconds(40), SyncTimeout = TimeSpan.Zero };

        var error = Assert.Throws<OptionsValidationException>(() => ObjectManager.ForSecrets(InMemoryObjectSource.ForSecrets(), options));

        Assert.Equal(
            [
                "Ttl must not be negative; it is -00:00:01.",
                "SyncTimeout must be positive; it is 00:00:00.",
                "BackoffMax (00:00:30) must not be less than BackoffInitial (00:00:40).",
            ],
            error.Failures);
    }

    [Fact]
    public async Task Fetches_cache_hits_relists_and_active_watches_are_measured()
    {
        using var meters = new TestMeterFactory();
        using var fetches = new MetricCollector<long>(meters, "SecretProjection", "secretprojection.object.fetches");
        using var hits = new MetricCollector<long>(meters, "SecretProjection", "secretprojection.object.cache_hits");
        using var relists = new MetricCollector<long>(meters, "SecretProjection", "secretprojection.watch.relists");
        using var active = new MetricCollector<long>(meters, "SecretProjection", "secretprojection.watch.active");
        var source = InMemoryObjectSource.ForSecrets();
        source.Put(Secret("s"));
        source.ExpireNextList();
        var clock = new SimulatedClock();
        using var manager = Manager(source, clock, meters: meters);

        manager.RegisterPod(PodReading("p", "s"));
        await manager.GetAsync(Ns, "s");
        await manager.GetAsync(Ns, "s");
        manager.UnregisterPod(PodReading("p", "s"));

        Assert.Equal(2, fetches.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(fetches.GetMeasurementSnapshot(), m => Assert.Equal(("secret", "watch", "list"), ((string?)m.Tags["kind"], (string?)m.Tags["strategy"], (string?)m.Tags["call"])));
        Assert.Equal(2, hits.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("expired", relists.LastMeasurement?.Tags["reason"]);
        Assert.Equal([1, -1], active.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task Watch_restarts_are_measured_by_reason()
    {
        using var meters = new TestMeterFactory();
        using var restarts = new MetricCollector<long>(meters, "SecretProjection", "secretprojection.watch.restarts");
        var source = InMemoryObjectSource.ForSecrets();
        source.Put(Secret("s"));
        source.EndNextWatchAfter(1);
        using var manager = Manager(source, new SimulatedClock(), meters: meters);
        manager.RegisterPod(PodReading("p", "s"));
        await source.WaitUntilAsync(s => s.OpenWatches == 1, Bounded());

        source.Put(Secret("s", "v2"));
        await source.WaitUntilAsync(s => s.WatchCalls == 2 && s.OpenWatches == 1, Bounded());

        Assert.Equal("closed", restarts.LastMeasurement?.Tags["reason"]);
        Assert.Equal(1, restarts.GetMeasurementSnapshot().EvaluateAsCounter());
    }
}
