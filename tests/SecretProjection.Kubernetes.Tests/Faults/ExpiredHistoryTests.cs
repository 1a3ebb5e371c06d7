using System.Globalization;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// The server's history is compacted, or it answers 410, while a watch is open or resuming: the reflector lists
/// again, and the list brings the last write, so no update is lost (intermediate ones may be skipped, as the
/// kubelet skips them: a volume holds the latest state, not every state).
/// </summary>
public sealed class ExpiredHistoryTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<ExpiredHistoryTests>(output);

    [Fact]
    public async Task History_compacted_while_the_watch_resumes_is_answered_410_and_the_relist_brings_the_last_write()
    {
        await using var chain = new FaultChain();
        var first = Text(chain.Write(1));
        chain.Start();
        await chain.WaitForProjectedAsync(1);
        await chain.WaitForWatchAsync();

        // Every stream breaks in the middle of its first event: the reflector resumes from generation 1 again and again.
        chain.Server.State.CloseWatchesAfter(0, midEvent: true);
        chain.Write(2);
        await chain.WaitForRequestsAsync(r => r.IsWatch && r.QueryValue("resourceVersion") == first, 3);

        // While it waits to resume once more, the history is compacted.
        chain.Clock.PauseAutoAdvance();
        await chain.WaitForBackoffAsync();
        var last = Text(chain.Write(3));
        chain.Server.State.CompactHistory();
        chain.Server.State.CloseWatchesAfter(null);
        chain.Clock.ResumeAutoAdvance();
        await chain.WaitForProjectedAsync(3);
        await chain.WaitForWatchFromAsync(last);

        output.WriteLine(chain.Figures());
        await chain.AssertConvergedAsync();
        Assert.Equal([1, 3], chain.Volume.Published.Select(Generations.Of));
        Assert.Equal([last], chain.Changes);
        Assert.Equal(1, chain.Relists());
        var expired = LastWatchFrom(chain, first);
        Assert.Equal(["list", "watch"], chain.Server.State.Requests.Skip(expired + 1).Select(FaultChain.Kind));
        Assert.Equal(last, chain.Watches.Last().QueryValue("resourceVersion"));
    }

    [Fact]
    public async Task History_compacted_while_a_slow_watch_holds_unsent_events_is_answered_410_on_resume_and_the_relist_brings_the_last_write()
    {
        await using var chain = new FaultChain();
        chain.Write(1);
        chain.Start();
        await chain.WaitForProjectedAsync(1);
        await chain.WaitForWatchAsync();
        var second = Text(chain.Write(2));
        await chain.WaitForProjectedAsync(2);

        // The stream stalls before generations 3 and 4; the history that held them is compacted; the stream ends
        // (the stall ends with it, whether it began or not, so neither is sent).
        chain.Server.State.WatchEventDelay = TimeSpan.FromHours(1);
        chain.Write(3);
        var last = Text(chain.Write(4));
        chain.Server.State.CompactHistory();
        Assert.Equal(1, chain.Server.State.DropWatches());
        await chain.WaitForProjectedAsync(4);
        await chain.WaitForWatchFromAsync(last);

        output.WriteLine(chain.Figures());
        await chain.AssertConvergedAsync();
        Assert.Equal([1, 2, 4], chain.Volume.Published.Select(Generations.Of));
        Assert.Equal([second, last], chain.Changes);
        Assert.Equal(1, chain.WatchRestarts("closed"));
        Assert.Equal(1, chain.Relists());
        var expired = LastWatchFrom(chain, second);
        Assert.Equal(["list", "watch"], chain.Server.State.Requests.Skip(expired + 1).Select(FaultChain.Kind));
    }

    [Fact]
    public async Task A_watch_and_lists_answered_410_are_listed_again_until_the_server_answers()
    {
        await using var chain = new FaultChain();
        chain.Write(1);
        chain.Start();
        await chain.WaitForProjectedAsync(1);
        chain.Write(2);
        await chain.WaitForProjectedAsync(2);
        var before = chain.Server.State.Requests.Count;

        chain.Server.State.FailNextRequests(3, 410);
        Assert.Equal(1, chain.Server.State.DropWatches());
        chain.Write(3);
        await chain.WaitForProjectedAsync(3);
        await chain.WaitForRequestsAsync(_ => true, before + 5);

        output.WriteLine(chain.Figures());
        await chain.AssertConvergedAsync();

        // The watch (410) ends the cycle; after a wait a list (410) is retried at once from the newest version
        // (410 again), which ends the cycle too; after another wait the list succeeds.
        Assert.Equal(["watch", "list", "list", "list", "watch"], chain.Server.State.Requests.Skip(before).Select(FaultChain.Kind));
        Assert.Equal((2, 1), (chain.Relists("retry"), chain.Relists("expired")));
        Assert.Equal([1, 2, 3], chain.Volume.Published.Select(Generations.Of));
    }

    private static string Text(long resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>The index of the last watch request from <paramref name="resourceVersion"/>: the one answered 410.</summary>
    private static int LastWatchFrom(FaultChain chain, string resourceVersion)
    {
        var requests = chain.Server.State.Requests;
        for (var i = requests.Count - 1; i >= 0; i--)
        {
            if (requests[i].IsWatch && requests[i].QueryValue("resourceVersion") == resourceVersion)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no watch from " + resourceVersion);
    }
}
