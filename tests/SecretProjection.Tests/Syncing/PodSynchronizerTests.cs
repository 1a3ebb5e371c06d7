using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.TestSupport;
using SecretProjection.Testing.Volumes;
using SecretProjection.Tests.ObjectManagers;
using Xunit.Abstractions;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.Syncing;

/// <summary>Event-driven re-projection with a periodic safety net, driven by a fake clock.</summary>
public class PodSynchronizerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly ObjectReference Db = new(ObjectKind.Secret, Ns, "db");

    private static string Describe(IEnumerable<SyncEvent> events) =>
        string.Join(" | ", events.Select(e => $"{e.Kind} {e.Volume} {e.Trigger}".TrimEnd()));

    private static async Task<SyncHarness> Started(ChangeDetectionStrategy strategy = ChangeDetectionStrategy.Watch, PodSyncOptions? options = null)
    {
        var harness = new SyncHarness(strategy);
        harness.Secrets.Put(Secret("db", "v1"));
        harness.ConfigMaps.Put(SyncHarness.Settings("info"));
        harness.Begin(options);
        var initial = await harness.NextAsync(3);
        Assert.Equal("VolumeWritten db Initial | VolumeWritten cfg Initial | VolumeWritten all Initial", Describe(initial));
        Assert.Equal(harness.Start + Minute, await harness.IdleAsync());
        return harness;
    }

    [Fact]
    public async Task The_first_sync_writes_every_volume_as_the_kubelet_lays_it_out()
    {
        await using var harness = await Started();

        Assert.Equal("v1", harness.Read("db", "key"));
        Assert.Equal("info", harness.Read("cfg", "level"));
        Assert.Equal(("v1", "info"), (harness.Read("all", "password"), harness.Read("all", "level")));
        Assert.Equal(["db"], harness.Secrets.WatchedObjects.Select(o => o[(Ns.Length + 1)..]));
    }

    [Fact]
    public async Task A_change_reprojects_the_volumes_that_read_it_at_once_and_reports_the_env_drift()
    {
        await using var harness = await Started();
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        harness.Secrets.Put(Secret("db", "v2"));
        var events = await harness.NextAsync(3);

        Assert.Equal("VolumeWritten db Change | VolumeWritten all Change | EnvDrift  Change", Describe(events));
        Assert.All(events, e => Assert.Equal((harness.Start + TimeSpan.FromSeconds(5), Db), (e.Time, e.Changed.Single())));
        Assert.Equal(("v2", "v2", "info"), (harness.Read("db", "key"), harness.Read("all", "password"), harness.Read("cfg", "level")));
        var drift = Assert.Single(events[2].Drift);
        Assert.Equal(("app", new EnvChange("DB_PASSWORD", EnvChangeKind.Changed)), (drift.ContainerName, drift.Changes.Single()));
        Assert.Equal("restart required: app (DB_PASSWORD changed) after Secret ns/db changed", events[2].ToString());
    }

    [Fact]
    public async Task Changes_within_the_minimum_interval_wait_for_its_end_and_are_written_once()
    {
        await using var harness = await Started();
        using var changes = new ChangeRecorder<SecretProjection.Model.Secret>(harness.SecretManager);

        // The volumes were written at the start: a burst right after waits one second, then is written once.
        harness.Secrets.Put(Secret("db", "v2"));
        harness.Secrets.Put(Secret("db", "v3"));
        harness.Secrets.Put(Secret("db", "v4"));
        await changes.NextAsync();
        await changes.NextAsync();
        await changes.NextAsync();
        Assert.Equal(SyncEventKind.EnvDrift, (await harness.NextAsync()).Kind);
        await harness.IdleUntilAsync(harness.Start + TimeSpan.FromSeconds(1));
        Assert.Equal("v1", harness.Read("db", "key"));

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var events = await harness.NextAsync(2);

        Assert.Equal("VolumeWritten db Change | VolumeWritten all Change", Describe(events));
        Assert.All(events, e => Assert.Equal(harness.Start + TimeSpan.FromSeconds(1), e.Time));
        Assert.Equal("v4", harness.Read("db", "key"));

        // The burst may reach the sync in one wake-up or several, each reporting a wait for the same due time; what
        // counts is that the next wait is the periodic sync's and that nothing else was written before it.
        await harness.IdleUntilAsync(harness.Start + Minute);
        Assert.Empty(await harness.StopAsync());
        output.WriteLine($"burst=3 writes per volume=1 delay={TimeSpan.FromSeconds(1)}");
    }

    [Fact]
    public async Task With_no_minimum_interval_every_change_is_written_at_once()
    {
        await using var harness = await Started(options: new PodSyncOptions { MinProjectionInterval = TimeSpan.Zero });

        harness.Secrets.Put(Secret("db", "v2"));

        Assert.Equal("VolumeWritten db Change | VolumeWritten all Change | EnvDrift  Change", Describe(await harness.NextAsync(3)));
        Assert.Equal("v2", harness.Read("db", "key"));
    }

    [Fact]
    public async Task The_periodic_sync_projects_every_volume_each_sync_period()
    {
        await using var harness = await Started();

        harness.Clock.Advance(Minute);
        var first = await harness.NextAsync(3);
        Assert.Equal(harness.Start + (2 * Minute), await harness.IdleAsync());
        harness.Clock.Advance(Minute);
        var second = await harness.NextAsync(3);

        Assert.Equal("VolumeUnchanged db Periodic | VolumeUnchanged cfg Periodic | VolumeUnchanged all Periodic", Describe(first));
        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal(harness.Start + (2 * Minute), second[0].Time);
    }

    [Fact]
    public async Task With_the_cache_strategy_a_change_arrives_with_the_periodic_sync_once_the_ttl_has_passed()
    {
        await using var harness = await Started(ChangeDetectionStrategy.Cache);

        harness.Secrets.Put(Secret("db", "v2"));
        harness.Clock.Advance(Minute);
        var events = await harness.NextAsync(4);

        Assert.Equal("VolumeWritten db Periodic | VolumeUnchanged cfg Periodic | VolumeWritten all Periodic | EnvDrift  Periodic", Describe(events));
        Assert.Equal("v2", harness.Read("db", "key"));
        Assert.Equal(0, harness.Secrets.WatchCalls);
    }

    [Fact]
    public async Task A_volume_that_fails_keeps_its_contents_and_recovers_with_the_next_change()
    {
        await using var harness = await Started(options: new PodSyncOptions { MinProjectionInterval = TimeSpan.Zero });

        harness.Secrets.Delete(Ns, "db");
        var failed = await harness.NextAsync(3);

        Assert.Equal("VolumeFailed db Change | VolumeFailed all Change | EnvDrift  Change", Describe(failed));
        Assert.Equal("secret \"db\" not found", failed[0].Message);
        Assert.Equal("app could not start again: secret \"db\" not found", failed[2].Drift.Single() is { } d ? $"{d.ContainerName} could not start again: {d.RestartError!.Message}" : null);
        Assert.Equal("v1", harness.Read("db", "key"));
        Assert.Equal(failed[0].Time + TimeSpan.FromMilliseconds(500), await harness.IdleAsync());

        harness.Secrets.Put(Secret("db", "v1"));
        var recovered = await harness.NextAsync(3);

        Assert.Equal("VolumeUnchanged db Change | VolumeUnchanged all Change | EnvDrift  Change", Describe(recovered));
        Assert.Empty(recovered[2].Drift);
        Assert.Equal("no restart required any more after Secret ns/db changed", recovered[2].ToString());
    }

    [Fact]
    public async Task A_write_that_fails_reports_the_writers_message_and_leaves_the_volume_as_it_was()
    {
        await using var harness = await Started(options: new PodSyncOptions { MinProjectionInterval = TimeSpan.Zero });
        harness.Volumes["db"].FailAt(1);

        harness.Secrets.Put(Secret("db", "v2"));
        var events = await harness.NextAsync(3);

        Assert.Equal("VolumeFailed db Change | VolumeWritten all Change | EnvDrift  Change", Describe(events));
        Assert.NotNull(events[0].Message);
        Assert.Equal("v1", harness.Read("db", "key"));

        // The kubelet retries a failed mount after 500 ms.
        await harness.IdleUntilAsync(events[0].Time + TimeSpan.FromMilliseconds(500));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal("VolumeWritten db Retry", Describe([await harness.NextAsync()]));
        Assert.Equal("v2", harness.Read("db", "key"));
    }

    [Fact]
    public async Task Stopping_ends_the_sequence_and_unregisters_the_pod()
    {
        var harness = await Started();

        var rest = await harness.StopAsync();

        Assert.Empty(rest);
        await harness.Secrets.WaitUntilAsync(s => s.OpenWatches == 0, Bounded());
        Assert.Contains("not registered", (await harness.SecretManager.GetAsync(Ns, "db")).Failure, StringComparison.Ordinal);
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task An_immutable_secret_is_projected_once_and_no_longer_watched()
    {
        var harness = new SyncHarness();
        await using (harness)
        {
            harness.Secrets.Put(Secret("db", "sealed", immutable: true));
            harness.ConfigMaps.Put(SyncHarness.Settings("info"));
            harness.Begin();
            await harness.NextAsync(3);

            await harness.Secrets.WaitUntilAsync(s => s.OpenWatches == 0, Bounded());
            Assert.Equal(["ns/settings"], harness.ConfigMaps.WatchedObjects);
        }
    }

    [Fact]
    public async Task Projection_durations_are_measured_by_result_and_trigger()
    {
        using var meters = new TestMeterFactory();
        using var durations = new MetricCollector<double>(meters, "SecretProjection", "secretprojection.volume.projection.duration");
        var harness = new SyncHarness(meters: meters);
        await using (harness)
        {
            harness.Secrets.Put(Secret("db", "v1"));
            harness.ConfigMaps.Put(SyncHarness.Settings("info"));
            harness.Begin();
            await harness.NextAsync(3);
            await harness.IdleAsync();
            harness.Clock.Advance(Minute);
            await harness.NextAsync(3);
        }

        Assert.Equal(
            ["written/initial", "written/initial", "written/initial", "unchanged/periodic", "unchanged/periodic", "unchanged/periodic"],
            durations.GetMeasurementSnapshot().Select(m => $"{m.Tags["result"]}/{m.Tags["trigger"]}"));
    }

    [Fact]
    public async Task Without_a_meter_factory_every_sync_records_on_one_process_meter()
    {
        // A meter and its instruments per pod cost the node agent about half a kilobyte each: syncs made without an
        // IMeterFactory share the library's one meter, so two syncs record on one instrument.
        var instruments = new HashSet<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Name: "secretprojection.volume.projection.duration", Meter: { Name: "SecretProjection", Scope: null } })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            lock (instruments)
            {
                instruments.Add(instrument);
            }
        });
        listener.Start();

        for (var i = 0; i < 2; i++)
        {
            var harness = new SyncHarness();
            await using (harness)
            {
                harness.Secrets.Put(Secret("db", "v1"));
                harness.ConfigMaps.Put(SyncHarness.Settings("info"));
                harness.Begin();
                await harness.NextAsync(3);
            }
        }

        lock (instruments)
        {
            Assert.Single(instruments);
        }
    }

    [Fact]
    public async Task A_sync_runs_once_at_a_time()
    {
        await using var harness = new SyncHarness();
        var sync = PodSync.Create(SyncHarness.Pod, harness.SecretManager, harness.ConfigMapManager, _ => new InMemoryVolumeFileSystem(), timeProvider: harness.Clock);
        using var stop = new CancellationTokenSource();
        await using var first = sync.RunAsync(stop.Token).GetAsyncEnumerator();
        var firstEvent = first.MoveNextAsync().AsTask();
        await using var second = sync.RunAsync().GetAsyncEnumerator();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await second.MoveNextAsync());
        Assert.True(await firstEvent.WaitAsync(Hang));
        Assert.Equal(SyncEventKind.VolumeFailed, first.Current.Kind);
        await stop.CancelAsync();
    }
}
