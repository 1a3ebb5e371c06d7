using System.Globalization;
using SecretProjection.Syncing;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// Slow streams, and streams the server ends every few events (cleanly, or by breaking the connection in the middle
/// of an event), while the Secret is updated again and again: the reflector resumes each time from the last
/// resourceVersion it received, so the manager reports every update exactly once and in order, without a list;
/// the volume only moves forward and ends with the last value.
/// </summary>
public sealed class WatchStreamFaultTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<WatchStreamFaultTests>(output);

    private const int Updates = 40;

    [Theory]
    [InlineData(null, false, 2)]
    [InlineData(3, false, 0)]
    [InlineData(3, true, 0)]
    [InlineData(1, true, 1)]
    [InlineData(2, false, 1)]
    public async Task Every_update_reaches_the_manager_once_and_in_order_and_the_last_one_the_volume(int? closeAfter, bool midEvent, int delayMilliseconds)
    {
        await using var chain = new FaultChain();
        chain.Write(1);
        chain.Start();
        await chain.WaitForProjectedAsync(1);
        await chain.WaitForWatchAsync();

        chain.Server.State.CloseWatchesAfter(closeAfter, midEvent);
        chain.Server.State.WatchEventDelay = TimeSpan.FromMilliseconds(delayMilliseconds);
        for (var generation = 2; generation <= Updates + 1; generation++)
        {
            chain.Write(generation);
        }

        await chain.WaitForProjectedAsync(Updates + 1);

        var written = chain.Written.Skip(1).Select(w => w.ResourceVersion.ToString(CultureInfo.InvariantCulture)).ToList();
        await chain.WaitForChangesAsync(written.Count);
        output.WriteLine($"closeAfter={closeAfter?.ToString(CultureInfo.InvariantCulture) ?? "never"} midEvent={midEvent} delay={delayMilliseconds}ms changesReported={chain.Changes.Count} {chain.Figures()}");
        await chain.AssertConvergedAsync();
        Assert.Equal(written, chain.Changes);
        Assert.Equal(0, chain.Relists());
        Assert.Single(chain.Lists);
        Assert.Equal(0, chain.Count(SyncEventKind.VolumeFailed));
        Assert.Equal(chain.Volume.Published.Count, chain.Count(SyncEventKind.VolumeWritten));
        if (closeAfter is { } every)
        {
            // The faults did happen: each stream carried at most that many whole events.
            Assert.True(chain.Watches.Count() > Updates / (every + 1), $"{chain.Watches.Count()} watches for {Updates} updates");
        }
    }
}
