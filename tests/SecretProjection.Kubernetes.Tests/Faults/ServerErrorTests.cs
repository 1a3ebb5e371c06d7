using System.Globalization;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// The API server answers 500 for a while: the reflector retries with client-go's backoff (stepped here by hand on
/// the simulated clock, wait by wait), the Get and Cache strategies keep the volume, and all converge once the
/// faults stop.
/// </summary>
public sealed class ServerErrorTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<ServerErrorTests>(output);

    [Fact]
    public async Task Lists_and_watches_answered_500_are_retried_after_clientgo_backoff_waits_which_start_over_after_two_quiet_minutes()
    {
        await using var chain = new FaultChain(pump: false);
        chain.Write(1);
        chain.Server.State.FailNextRequests(6, 500);

        chain.Start();
        var waits = await StepThroughWaitsAsync(chain, 6);
        await chain.WaitForProjectedAsync(1);
        await chain.WaitForRequestsAsync(r => r.IsWatch);

        // client-go's reflector: 0.8 s doubling (under the 30 s cap), each plus up to as much again at random.
        AssertWaits([0.8, 1.6, 3.2, 6.4, 12.8, 25.6], waits);
        Assert.Equal(Enumerable.Repeat("list", 7).Append("watch"), chain.Server.State.Requests.Select(FaultChain.Kind));
        Assert.Equal(chain.Written[0].ResourceVersion.ToString(CultureInfo.InvariantCulture), chain.Watches.Single().QueryValue("resourceVersion"));
        Assert.Equal(6, chain.Relists("retry"));

        // Three quiet minutes later the watch fails: the waits start over from 0.8 s.
        chain.Write(2);
        await chain.WaitForProjectedAsync(2);
        chain.Clock.Advance(TimeSpan.FromMinutes(3));
        var before = chain.Server.State.Requests.Count;
        chain.Server.State.FailNextRequests(3, 500);
        Assert.Equal(1, chain.Server.State.DropWatches());
        var rewaits = await StepThroughWaitsAsync(chain, 3);
        chain.Write(3);
        await chain.WaitForProjectedAsync(3);
        await chain.WaitForRequestsAsync(_ => true, before + 5);

        output.WriteLine($"waits={Seconds(waits)} rewaits={Seconds(rewaits)} {chain.Figures()}");
        AssertWaits([0.8, 1.6, 3.2], rewaits);

        // The watch that ended after an event is opened again at once (500), then each list after a wait.
        Assert.Equal(["watch", "list", "list", "list", "watch"], chain.Server.State.Requests.Skip(before).Take(5).Select(FaultChain.Kind));
        Assert.Equal(6 + 3, chain.Relists("retry"));
        Assert.Equal(1, chain.WatchRestarts("closed"));
        Assert.Equal([1, 2, 3], chain.Volume.Published.Select(Generations.Of));
        Assert.Equal(0, chain.Count(SyncEventKind.VolumeFailed));
        await chain.AssertConvergedAsync();
    }

    [Theory]
    [InlineData(ChangeDetectionStrategy.Get)]
    [InlineData(ChangeDetectionStrategy.Cache)]
    public async Task Gets_answered_500_fail_or_keep_the_volume_and_it_converges_after_them(ChangeDetectionStrategy strategy)
    {
        await using var chain = new FaultChain(strategy);
        chain.Write(1);
        chain.Start();
        await chain.WaitForProjectedAsync(1);

        chain.Server.State.FailNextRequests(5, 500);
        chain.Write(2);
        await chain.WaitForProjectedAsync(2);

        output.WriteLine($"strategy={strategy} {chain.Figures()}");
        await chain.AssertConvergedAsync();
        Assert.Equal([1, 2], chain.Volume.Published.Select(Generations.Of));
        var failed = chain.Events.Where(e => e.Kind == SyncEventKind.VolumeFailed).ToList();
        if (strategy == ChangeDetectionStrategy.Get)
        {
            // One periodic pass per failed GET; each keeps the volume as it was and reports the server's message.
            Assert.Equal(5, failed.Count);
            Assert.All(failed, e => Assert.Equal("Internal error occurred: injected fault", e.Message));
        }
        else
        {
            // The cache answers each failed fetch with the last good one.
            Assert.Empty(failed);
            Assert.True(chain.Count(SyncEventKind.VolumeUnchanged) >= 5, "every failed fetch is a pass that keeps the volume");
        }
    }

    /// <summary>Takes <paramref name="count"/> backoff waits: each time the reflector sets its timer, moves the clock to its end.</summary>
    private static async Task<List<TimeSpan>> StepThroughWaitsAsync(FaultChain chain, int count)
    {
        var waits = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var wait = await chain.NextWaitAsync();
            waits.Add(wait);
            chain.Clock.Advance(wait);
        }

        return waits;
    }

    private static void AssertWaits(double[] bases, List<TimeSpan> waits)
    {
        Assert.Equal(bases.Length, waits.Count);
        for (var i = 0; i < bases.Length; i++)
        {
            Assert.InRange(waits[i].TotalSeconds, bases[i], 2 * bases[i]);
        }
    }

    private static string Seconds(List<TimeSpan> waits) => string.Join(",", waits.Select(w => w.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)));
}
