using System.Globalization;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// The API server stops and comes back on the same port while the chain watches (or polls) a Secret: the cache
/// converges to the server's state and the volume ends with the last written value.
/// </summary>
public sealed class ServerRestartTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<ServerRestartTests>(output);

    /// <summary>How long the server stays down, in simulated time.</summary>
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task A_watch_broken_by_a_restart_resumes_and_the_volume_ends_with_the_last_write(bool writeWhileDown, bool compact)
    {
        await using var chain = new FaultChain();
        var first = chain.Write(1);
        chain.Start();
        await chain.WaitForProjectedAsync(1);
        await chain.WaitForWatchAsync();

        // The watch has been open a while, as on a node: a stream that breaks after a second or more is resumed, not
        // listed again, by client-go's reflector too.
        chain.Clock.Advance(TimeSpan.FromMinutes(1));

        // An API server that restarts may come back without its watch cache: older resourceVersions are then gone.
        var retries = await chain.RestartServerAsync(Downtime, () =>
        {
            if (writeWhileDown)
            {
                chain.Write(2);
            }

            if (compact)
            {
                chain.Server.State.CompactHistory();
            }

            return Task.CompletedTask;
        });
        if (!writeWhileDown)
        {
            chain.Write(2);
        }

        await chain.WaitForProjectedAsync(2);

        output.WriteLine($"writeWhileDown={writeWhileDown} compact={compact} retriesWhileDown={retries} {chain.Figures()}");
        await chain.AssertConvergedAsync();
        Assert.Equal([1, 2], chain.Volume.Published.Select(Generations.Of));

        // 10 s of waits of 0.8-1.6, 1.6-3.2, 3.2-6.4, 6.4-12.8 s: two or three tries against the stopped server.
        Assert.InRange(retries, 2, 3);
        Assert.Equal(0, chain.Count(SyncEventKind.VolumeFailed));
        Assert.All(chain.Events, e => Assert.NotEqual(SyncTrigger.Periodic, e.Trigger));
        var resumed = chain.Watches.Skip(1).First();
        Assert.Equal(first.ToString(CultureInfo.InvariantCulture), resumed.QueryValue("resourceVersion"));
        if (writeWhileDown && compact)
        {
            // The resumed watch got 410 Expired: the reflector listed again, and the list had the write.
            Assert.Equal(1, chain.Relists());
            Assert.Equal(2, chain.Lists.Count());
        }
        else
        {
            // The write reached the resumed watch from the server's history: no list was needed.
            Assert.Equal(0, chain.Relists());
            Assert.Single(chain.Lists);
        }
    }

    [Fact]
    public async Task A_server_down_when_the_sync_starts_delays_the_first_projection_until_the_first_list()
    {
        await using var chain = new FaultChain();
        chain.Write(1);

        var retries = await chain.RestartServerAsync(TimeSpan.FromSeconds(30), () =>
        {
            chain.Start();
            return Task.CompletedTask;
        });
        await chain.WaitForProjectedAsync(1);

        output.WriteLine($"retriesWhileDown={retries} {chain.Figures()}");
        await chain.AssertConvergedAsync();

        // Waits from 0.8-1.6 s doubling: four or five of them end within 30 s.
        Assert.InRange(retries, 4, 5);
        Assert.Single(chain.Lists);
        Assert.Equal([SyncEventKind.VolumeWritten], chain.Events.Select(e => e.Kind));
    }

    [Theory]
    [InlineData(ChangeDetectionStrategy.Get)]
    [InlineData(ChangeDetectionStrategy.Cache)]
    public async Task Reads_that_cannot_reach_the_server_keep_the_volume_and_it_converges_after_the_restart(ChangeDetectionStrategy strategy)
    {
        await using var chain = new FaultChain(strategy);
        chain.Write(1);
        chain.Start();
        await chain.WaitForProjectedAsync(1);

        await chain.RestartServerAsync(TimeSpan.Zero, async () =>
        {
            // Two periodic passes that began after the stop: their reads failed.
            var stopped = TimeProvider.System.GetUtcNow();
            await chain.WaitForEventsAsync(e => e.Time > stopped, 2);
            chain.Write(2);
        });
        await chain.WaitForProjectedAsync(2);

        output.WriteLine($"strategy={strategy} {chain.Figures()}");
        await chain.AssertConvergedAsync();
        Assert.Equal([1, 2], chain.Volume.Published.Select(Generations.Of));
        var failed = chain.Events.Where(e => e.Kind == SyncEventKind.VolumeFailed).ToList();
        if (strategy == ChangeDetectionStrategy.Get)
        {
            // Every read goes to the server: the volume fails (and keeps its contents) while it is down.
            Assert.NotEmpty(failed);
            Assert.All(failed, e => Assert.StartsWith("get secrets db: ", e.Message, StringComparison.Ordinal));
        }
        else
        {
            // The cache answers a failed fetch with the last good one: the volume stays as it was.
            Assert.Empty(failed);
        }
    }
}
