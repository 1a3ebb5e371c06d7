using System.Diagnostics;
using System.Globalization;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// Figures of the cache that BenchmarkDotNet does not give:
/// <list type="bullet">
/// <item><c>--cache-memory SECRETS watch|cache</c>: the bytes a Secret manager <em>retains</em> per Secret, read with
/// <see cref="GC.GetTotalMemory(bool)"/> after full collections before and after building a <see cref="CacheFleet"/>
/// (BenchmarkDotNet's memory diagnoser counts what is allocated, garbage included, not what stays). The source
/// answers with copies (<see cref="CopyingSource"/>), as a deserializing client does, so the manager's Secrets are
/// its own; the copies alone and, under Watch, the source's side of the open watches are measured separately.</item>
/// <item><c>--relist-probe SECRETS inmemory|loopback immediate|policy [ROUNDS]</c>: each round expires every watch
/// (<see cref="IRelistFleet"/>) and prints the time until all are listed again and watched, the process CPU time,
/// the garbage collections (gen0/gen1/gen2) and the bytes allocated, after 5 warm-up rounds (tiered compilation
/// needs them: the first rounds at 10,000 Secrets take 2–3 times as long).</item>
/// </list>
/// </summary>
internal static class CacheProbe
{
    public static int Run(string mode, string[] args) => mode switch
    {
        "--cache-memory" when args is [var secrets, var strategy] => Memory(Count(secrets), Enum.Parse<ChangeDetectionStrategy>(strategy, ignoreCase: true)),
        "--relist-probe" when args.Length is 3 or 4 => RelistAsync(Count(args[0]), args[1], args[2] == "immediate", args.Length == 4 ? Count(args[3]) : 10).GetAwaiter().GetResult(),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: --cache-memory SECRETS watch|cache | --relist-probe SECRETS inmemory|loopback immediate|policy [ROUNDS]");
        return 2;
    }

    private static int Count(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static int Memory(int secrets, ChangeDetectionStrategy strategy)
    {
        var source = FleetSource.Create(secrets);
        var served = new CopyingSource(source);
        var pods = Enumerable.Range(0, secrets / SecretFleet.SecretsPerPod).Select(i => SecretFleet.Pod(i)).ToArray();

        // What the copies alone retain: the model's Secret, DataMap, strings and bytes.
        var before = Retained();
        var copies = Enumerable.Range(0, secrets).Select(i => CopyingSource.Copy(source.Find(SecretFleet.SecretName(i))!)).ToArray();
        var secretBytes = Retained() - before;
        GC.KeepAlive(copies);
        copies = null;

        before = Retained();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var fleet = CacheFleet.Build(secrets, strategy, source: source, served: served, pods: pods);
        var built = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var total = Retained() - before;

        long sourceWatches = 0;
        if (strategy == ChangeDetectionStrategy.Watch)
        {
            // The source's side of an open watch (in production, an HTTP stream's), measured on watches opened by hand.
            fleet.Dispose();
            using var stop = new CancellationTokenSource();
            before = Retained();
            var watches = Enumerable.Range(0, secrets).Select(i => SecretFleet.SecretName(i)).Select(name => served.WatchAsync(SecretFleet.Namespace, name, source.ResourceVersionOf(name), stop.Token).GetAsyncEnumerator(stop.Token)).ToArray();
            var pending = watches.Select(w => w.MoveNextAsync().AsTask()).ToArray();
            using var hang = new CancellationTokenSource(CacheFleet.Hang);
            source.WaitForWatchesAsync(open: true, hang.Token).GetAwaiter().GetResult();
            sourceWatches = Retained() - before;
            stop.Cancel();
            GC.KeepAlive(pending);
        }
        else
        {
            fleet.Dispose();
        }

        var manager = total - secretBytes - sourceWatches;
        const int target = (SecretFleet.RawBytesPerSecret * 3 / 2) + 256;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"memory strategy={strategy.ToString().ToLowerInvariant()} secrets={secrets} pods={pods.Length} raw={SecretFleet.RawBytesPerSecret}B/secret target<={target}B/secret " +
            $"retained={PerSecret(total, secrets)}B/secret (secret copy {PerSecret(secretBytes, secrets)}B + manager {PerSecret(manager, secrets)}B + source watch {PerSecret(sourceWatches, secrets)}B) " +
            $"cache={PerSecret(secretBytes + manager, secrets)}B/secret ({(secretBytes + manager) / (double)secrets / target:F2}x target) " +
            $"build={built.TotalMilliseconds:F0}ms allocated={PerSecret(allocated, secrets)}B/secret"));
        return 0;
    }

    private static async Task<int> RelistAsync(int secrets, string source, bool fireWaitsAtOnce, int rounds)
    {
        await using IRelistFleet fleet = source switch
        {
            "inmemory" => new InMemoryRelistFleet(secrets, fireWaitsAtOnce),
            "loopback" => new LoopbackRelistFleet(secrets, fireWaitsAtOnce),
            _ => throw new ArgumentException($"unknown source {source}"),
        };
        const int warmUp = 5;
        var times = new List<double>();
        for (var round = -warmUp; round < rounds; round++)
        {
            using var hang = new CancellationTokenSource(CacheFleet.Hang);
            var lists = fleet.Lists;
            var fired = fleet.Clock.Fired;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var started = Stopwatch.GetTimestamp();
            await fleet.ExpireAndResyncAsync(hang.Token).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            if (round < 0)
            {
                continue;
            }

            times.Add(elapsed.TotalMilliseconds);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"relist source={source} waits={(fireWaitsAtOnce ? "immediate" : "policy")} secrets={secrets} round={round} resynced={elapsed.TotalMilliseconds:F0}ms cpu={cpu.TotalMilliseconds:F0}ms " +
                $"gc={GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3} " +
                $"lists={fleet.Lists - lists} waitsFiredAtOnce={fleet.Clock.Fired - fired} allocated={allocated / secrets}B/secret"));
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"relist source={source} secrets={secrets} median={times[times.Count / 2]:F0}ms min={times[0]:F0}ms max={times[^1]:F0}ms"));
        return 0;
    }

    private static long PerSecret(long bytes, int secrets) => (long)Math.Round(bytes / (double)secrets);

    private static long Retained()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
