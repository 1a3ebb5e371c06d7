using System.Globalization;
using SecretProjection.Syncing;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// A seeded run of 200 updates of the Secret, with the server's faults drawn at random between them: restarts
/// (with or without a write and a compaction while down), 500s (and 503s, 429s), 410s, compactions, slow streams, streams closed
/// every few events (cleanly or in the middle of one), dropped streams and bookmarks, and outages (the server
/// down, or answering 500 to everything, for up to a minute of simulated time). At the end the volume holds
/// the server's last value; every generation it published was whole, one the server held, and newer than the one
/// before; and the list and watch requests stay within what client-go's backoff allows in the simulated time, over
/// the whole run and within each outage.
/// </summary>
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<FaultSoakTests>(output);

    /// <summary>The seed of the updates' faults and pauses; the run's timing on the wire is not seeded.</summary>
    private const int Seed = 1010;

    private const int Updates = 200;

    /// <summary>The errors of a short run of failed requests: 500 and 503 end the cycle, 429 is retried without a list.</summary>
    private static readonly int[] ServerErrorCodes = [500, 503, 429];

    private enum Fault
    {
        Restart,
        Outage,
        ServerErrors,
        Expired,
        Compaction,
        SlowStream,
        CloseWatches,
        DropWatches,
        Bookmarks,
    }

    [Fact]
    public async Task Two_hundred_updates_under_random_faults_end_with_the_last_value_and_bounded_requests()
    {
        var random = new Random(Seed);
        var injected = Enum.GetValues<Fault>().ToDictionary(f => f, _ => 0);
        var bookmarks = 0;
        var catchUps = 0;
        var slowUntil = 0;
        var closingUntil = 0;
        var outages = new List<(TimeSpan Duration, int Attempts, int Bound)>();
        await using var chain = new FaultChain();
        chain.Write(1);
        chain.Start();
        await chain.WaitForProjectedAsync(1);

        for (var generation = 2; generation <= Updates + 1; generation++)
        {
            var written = false;
            if (random.NextDouble() < 0.3)
            {
                var fault = (Fault)random.Next(Enum.GetValues<Fault>().Length);
                injected[fault]++;
                switch (fault)
                {
                    case Fault.Restart:
                        written = random.Next(2) == 0;
                        var compact = random.Next(3) == 0;
                        var update = generation;
                        var downtime = TimeSpan.FromSeconds(random.Next(0, 60));
                        var retries = await chain.RestartServerAsync(downtime, () =>
                        {
                            if (written)
                            {
                                chain.Write(update);
                            }

                            if (compact)
                            {
                                chain.Server.State.CompactHistory();
                            }

                            return Task.CompletedTask;
                        });

                        // The attempts refused while it was down: the one the broken stream led to, then one per wait.
                        outages.Add((downtime, retries + 1, ReflectorPolicy.MaxAttempts(downtime) + 1));
                        break;
                    case Fault.Outage:
                        var outage = TimeSpan.FromSeconds(random.Next(1, 60));
                        outages.Add((outage, await chain.OutageAsync(outage, 500), ReflectorPolicy.MaxAttempts(outage)));
                        break;
                    case Fault.ServerErrors:
                        chain.Server.State.FailNextRequests(random.Next(1, 5), ServerErrorCodes[random.Next(ServerErrorCodes.Length)]);
                        break;
                    case Fault.Expired:
                        chain.Server.State.FailNextRequests(random.Next(1, 4), 410);
                        break;
                    case Fault.Compaction:
                        chain.Server.State.CompactHistory();
                        break;
                    case Fault.SlowStream:
                        chain.Server.State.WatchEventDelay = TimeSpan.FromMilliseconds(random.Next(1, 4));
                        slowUntil = generation + random.Next(1, 10);
                        break;
                    case Fault.CloseWatches:
                        chain.Server.State.CloseWatchesAfter(random.Next(1, 4), midEvent: random.Next(2) == 0);
                        closingUntil = generation + random.Next(1, 10);
                        break;
                    case Fault.DropWatches:
                        chain.Server.State.DropWatches();
                        break;
                    default:
                        bookmarks += chain.Server.State.SendBookmarks();
                        break;
                }
            }

            if (!written)
            {
                chain.Write(generation);
            }

            if (generation == slowUntil)
            {
                chain.Server.State.WatchEventDelay = TimeSpan.Zero;
            }

            if (generation == closingUntil)
            {
                chain.Server.State.CloseWatchesAfter(null);
            }

            // Time passes between updates (now and then a quiet spell, after which the backoff starts over); now and
            // then the test waits for the volume to catch up, so that faults also meet a reflector at rest in its watch.
            chain.Clock.Advance(TimeSpan.FromMilliseconds(random.NextDouble() < 0.05 ? 150_000 : random.Next(0, 3000)));
            if (random.NextDouble() < 0.1)
            {
                catchUps++;
                await chain.WaitForProjectedAsync(generation);
            }
        }

        chain.Server.State.WatchEventDelay = TimeSpan.Zero;
        chain.Server.State.CloseWatchesAfter(null);
        await chain.WaitForProjectedAsync(Updates + 1);

        var requests = chain.Lists.Count() + chain.Watches.Count();
        var simulated = chain.Clock.Elapsed;
        var waitsSet = chain.Waits;
        var waits = waitsSet.Count;

        // Every list or watch follows a backoff wait (at most three do: a list, a second list if the first was
        // answered 410, a watch), or a stream that delivered an event (a write or a bookmark), or a stream that was
        // dropped, or is the first list and watch; and every wait is one client-go's policy allows.
        var (shortest, longest) = waits == 0 ? default : (waitsSet.Min(), waitsSet.Max());
        var events = chain.Written.Count + bookmarks;
        var drops = injected[Fault.DropWatches] + injected[Fault.Outage];
        var requestsBound = (3 * (waits + 1)) + events + drops;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"seed={Seed} updates={Updates} faults={injected.Values.Sum()} ({string.Join(" ", injected.Select(f => f.Key + "=" + f.Value))}) bookmarksSent={bookmarks} catchUps={catchUps}"));
        output.WriteLine(chain.Figures());
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"listAndWatchRequests={requests} in {simulated.TotalSeconds:F1}s simulated ({requests / simulated.TotalSeconds:F3}/s); allowed {requestsBound} (3 x (waits {waits} + 1) + events {events} + drops {drops}); waits from {shortest.TotalSeconds:F2}s to {longest.TotalSeconds:F2}s"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"outages={outages.Count} (server down, or answering 500, for 0-60 s simulated), attempts made/allowed@length: {string.Join(" ", outages.Select(o => $"{o.Attempts}/{o.Bound}@{o.Duration.TotalSeconds:F0}s"))}"));

        await chain.AssertConvergedAsync();
        Assert.InRange(shortest, ReflectorPolicy.ShortestWait, ReflectorPolicy.LongestWait);
        Assert.InRange(longest, ReflectorPolicy.ShortestWait, ReflectorPolicy.LongestWait);
        Assert.InRange(requests, 2, requestsBound);
        Assert.All(outages, o => Assert.True(o.Attempts <= o.Bound, $"{o.Attempts} attempts in a {o.Duration} outage; the backoff allows {o.Bound}"));
        Assert.Empty(chain.Gets);
        Assert.Equal(0, chain.Count(SyncEventKind.VolumeFailed));
        Assert.Equal(chain.Volume.Published.Count, chain.Count(SyncEventKind.VolumeWritten));
        Assert.All(injected, f => Assert.True(f.Value > 0, $"no {f.Key} fault was drawn"));

        // The manager only ever reported versions the server stamped on the Secret, each newer than the last.
        var stamped = chain.Written.Select(w => w.ResourceVersion).ToHashSet();
        var reported = chain.Changes.Select(c => long.Parse(c!, CultureInfo.InvariantCulture)).ToList();
        Assert.All(reported, rv => Assert.Contains(rv, stamped));
        Assert.Equal(reported.Order().Distinct(), reported);
    }
}
