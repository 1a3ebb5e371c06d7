using System.Threading.Channels;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.Syncing;

/// <summary>A pod sync that writes its events into a channel it is given (the node agent's way of running it) rather than its own.</summary>
public class PodSynchronizerReportTests
{
    private static string Describe(IEnumerable<SyncEvent> events) =>
        string.Join(" | ", events.Select(e => $"{e.Kind} {e.Volume} {e.Trigger}".TrimEnd()));

    private static async Task<(SyncHarness Harness, Channel<SyncEvent> Events)> Started(
        ChangeDetectionStrategy strategy = ChangeDetectionStrategy.Watch, IObjectSource<Pod>? pods = null)
    {
        var harness = new SyncHarness(strategy);
        harness.Secrets.Put(Secret("db", "v1"));
        harness.ConfigMaps.Put(SyncHarness.Settings("info"));
        var events = Channel.CreateUnbounded<SyncEvent>();
        harness.Begin(new PodSyncOptions { MinProjectionInterval = TimeSpan.Zero }, pods: pods, into: events);
        Assert.Equal("VolumeWritten db Initial | VolumeWritten cfg Initial | VolumeWritten all Initial", Describe(await harness.NextAsync(3)));
        await harness.IdleAsync();
        return (harness, events);
    }

    [Fact]
    public async Task A_change_is_reported_into_the_channel_in_order_and_a_stop_completes_it_without_a_failure_after_the_pod_is_unregistered()
    {
        var (harness, events) = await Started();
        await using (harness)
        {
            harness.Secrets.Put(Secret("db", "v2"));
            Assert.Equal("VolumeWritten db Change | VolumeWritten all Change | EnvDrift  Change", Describe(await harness.NextAsync(3)));

            Assert.Empty(await harness.StopAsync());
            await harness.Run!.WaitAsync(Hang);
            Assert.True(events.Reader.Completion.IsCompletedSuccessfully);
            Assert.Contains("not registered", (await harness.SecretManager.GetAsync(Ns, "db")).Failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_run_while_one_runs_fails_and_leaves_the_first_running()
    {
        var (harness, _) = await Started();
        await using (harness)
        {
            var sync = (PodSynchronizer)PodSync.Create(SyncHarness.Pod, harness.SecretManager, harness.ConfigMapManager, _ => throw new IOException("unused"), timeProvider: harness.Clock);
            using var stop = new CancellationTokenSource();
            var first = sync.RunAsync(Channel.CreateUnbounded<SyncEvent>().Writer, stop.Token);

            await Assert.ThrowsAsync<InvalidOperationException>(() => sync.RunAsync(Channel.CreateUnbounded<SyncEvent>().Writer, CancellationToken.None));
            Assert.False(first.IsCompleted);
            await stop.CancelAsync();
            await first.WaitAsync(Hang);
        }
    }

    [Fact]
    public async Task A_sync_that_fails_completes_the_channel_with_its_failure_after_its_reports()
    {
        var (harness, events) = await Started(ChangeDetectionStrategy.Cache, new FailingPodSource());
        await using (harness)
        {
            harness.Clock.Advance(TimeSpan.FromMinutes(1)); // the periodic sync reads the pod again, and the read throws

            var read = await Assert.ThrowsAsync<InvalidOperationException>(harness.EndAsync);
            await harness.Run!.WaitAsync(Hang);

            Assert.Equal(FailingPodSource.Message, read.Message);
            Assert.Equal(FailingPodSource.Message, (await Assert.ThrowsAsync<InvalidOperationException>(() => events.Reader.Completion)).Message);
        }
    }

    /// <summary>A source of the pod whose reads throw (not a failed lookup: an exception the sync does not expect).</summary>
    private sealed class FailingPodSource : IObjectSource<Pod>
    {
        public const string Message = "the pod source broke";

        public Task<LookupResult<Pod>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Message);

        public Task<ObjectList<Pod>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Message);

        public IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string @namespace, string name, string resourceVersion, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Message);
    }
}
