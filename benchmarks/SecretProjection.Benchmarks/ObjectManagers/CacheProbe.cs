using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// Figures of the cache that BenchmarkDotNet does not give:
/// <list type="bullet">
/// <item><c>--cache-memory SECRETS watch|cache</c>: the bytes a Secret manager <em>retains</em> per Secret, read with
/// <see cref="GC.GetTotalMemory(bool)"/> after full collections before and after building a <see cref="CacheFleet"/>
/// (BenchmarkDotNet's memory diagnoser counts what is allocated, garbage included, not what stays). The source
/// answers with copies (<see cref="CopyingSource"/>), as a deserializing client does, so the manager's Secrets are
/// its own; the copies alone and, under Watch, the source's side of the open watches are measured separately.</item>
/// <item><c>--relist-probe SECRETS inmemory|loopback [ROUNDS]</c>: each round expires every watch
/// (<see cref="IRelistFleet"/>) and prints the time until all are listed again and watched, the process CPU time,
/// the garbage collections (gen0/gen1/gen2), the bytes allocated, and the backoff waits with the longest of them
/// (what client-go's policy adds to the work in wall time: the reflectors wait side by side), after 5 warm-up rounds (tiered compilation
/// needs them: the first rounds at 10,000 Secrets take 2–3 times as long).</item>
/// </list>
/// </summary>
internal static class CacheProbe
{
    public static int Run(string mode, string[] args) => mode switch
    {
        "--cache-memory" when args is [var secrets, var strategy] => Memory(Count(secrets), Enum.Parse<ChangeDetectionStrategy>(strategy, ignoreCase: true)),
        "--relist-probe" when args.Length is 2 or 3 => RelistAsync(Count(args[0]), args[1], args.Length == 3 ? Count(args[2]) : 10).GetAwaiter().GetResult(),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: --cache-memory SECRETS watch|cache | --relist-probe SECRETS inmemory|loopback [ROUNDS]");
        return 2;
    }

    private static int Count(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static int Memory(int secrets, ChangeDetectionStrategy strategy)
    {
        var fleet = CacheFleet.CreateSource(secrets);
        var source = new QuietSource(fleet);

        // Made before the measures: the probe's own bookkeeping (the pods, the names it reads by) is not the manager's.
        var pods = Enumerable.Range(0, secrets / SecretFleet.SecretsPerPod).Select(i => SecretFleet.Pod(i)).ToArray();
        var names = CacheFleet.SecretNames(secrets);

        // Each measure in a method of its own, so that nothing it made outlives it in a slot of this frame.
        var secretBytes = MeasureCopies(fleet, names);
        var sourceWatches = strategy == ChangeDetectionStrategy.Watch ? MeasureQuietWatches(source, names) : 0;
        GrowThreadPoolQueue(secrets);
        var before = Settled();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var secretManager = BuildManager(source, strategy, pods, names);
        var built = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var total = Retained() - before;
        PauseForDump();
        GC.KeepAlive(secretManager);
        secretManager.Dispose();

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

    /// <summary>
    /// Grows the thread pool's global queue as the manager's burst of first lists does (a work item per Secret, queued
    /// at once from this thread, which is not the pool's), before the first measure. The pool keeps the queue's largest
    /// segment for the life of the process (16,944 B after 1,000 items, in a heap dump): a cost of the process, which
    /// had been counted as the manager's, more or less of it as the pool drained the burst slower or faster.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GrowThreadPoolQueue(int items)
    {
        using var done = new CountdownEvent(items);
        for (var i = 0; i < items; i++)
        {
            ThreadPool.QueueUserWorkItem(static countdown => countdown.Signal(), done, preferLocal: false);
        }

        done.Wait();
    }

    /// <summary>What copies of the fleet's Secrets alone retain: the model's Secret, DataMap, strings and bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long MeasureCopies(InMemoryObjectSource<Secret> fleet, string[] names)
    {
        var before = Retained();
        var copies = names.Select(name => CopyingSource.Copy(fleet.Find(SecretFleet.Namespace, name)!)).ToArray();
        var retained = Retained() - before;
        GC.KeepAlive(copies);
        return retained;
    }

    /// <summary>
    /// The source's side of the open watches, on watches opened by hand: each an enumerator waiting in MoveNextAsync. The
    /// arrays that hold them are made before the measure, and one continuation waits for all the calls, so that what a
    /// consumer keeps per watch (a continuation, a field, a stop signal) is not counted here but in the manager.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long MeasureQuietWatches(QuietSource source, string[] names)
    {
        var watches = new IAsyncEnumerator<WatchEvent<Secret>>[names.Length];
        var pending = new ValueTask<bool>[names.Length];
        using var stop = new CancellationTokenSource();
        var before = Retained();
        for (var i = 0; i < names.Length; i++)
        {
            watches[i] = source.WatchAsync(SecretFleet.Namespace, names[i], "1", stop.Token).GetAsyncEnumerator(stop.Token);
            pending[i] = watches[i].MoveNextAsync();
            pending[i].ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Ignore);
        }

        var retained = Retained() - before;
        stop.Cancel();
        foreach (var watch in watches)
        {
            watch.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        GC.KeepAlive(pending);
        return retained;
    }

    /// <summary>A Secret manager with the fleet's pods registered and every Secret synced.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IObjectManager<Secret> BuildManager(QuietSource source, ChangeDetectionStrategy strategy, Pod[] pods, string[] names)
    {
        var manager = ObjectManager.ForSecrets(
            source,
            new ObjectManagerOptions { Strategy = strategy, SyncTimeout = TimeSpan.FromHours(1), Ttl = TimeSpan.FromHours(1) });
        foreach (var pod in pods)
        {
            manager.RegisterPod(pod);
        }

        using (var hang = new CancellationTokenSource(CacheFleet.Hang))
        {
            // Under Watch a reflector opens its watch after its list; under Cache the first read fetches.
            source.WaitForOpenWatchesAsync(strategy == ChangeDetectionStrategy.Watch ? names.Length : 0, hang.Token).GetAwaiter().GetResult();
        }

        foreach (var name in names)
        {
            if (manager.GetAsync(SecretFleet.Namespace, name).AsTask().GetAwaiter().GetResult().Status != LookupStatus.Found)
            {
                throw new InvalidOperationException($"secret {name} was not synced");
            }
        }

        return manager;
    }

    private static async Task<int> RelistAsync(int secrets, string source, int rounds)
    {
        await using IRelistFleet fleet = source switch
        {
            "inmemory" => new InMemoryRelistFleet(secrets),
            "loopback" => new LoopbackRelistFleet(secrets),
            _ => throw new ArgumentException($"unknown source {source}"),
        };
        const int warmUp = 5;
        var times = new List<double>();
        var waited = new List<double>();
        for (var round = -warmUp; round < rounds; round++)
        {
            using var hang = new CancellationTokenSource(CacheFleet.Hang);
            var lists = fleet.Lists;
            var waits = fleet.Clock.TimersSet.Count;
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

            // The backoff waits of this round; the reflectors wait side by side, so the policy adds the longest.
            var backoffs = fleet.Clock.TimersSet.Skip(waits).Where(due => due <= RelistFleet.LongestBackoff).ToArray();
            var policy = backoffs.Length == 0 ? TimeSpan.Zero : backoffs.Max();
            times.Add(elapsed.TotalMilliseconds);
            waited.Add(policy.TotalMilliseconds);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"relist source={source} secrets={secrets} round={round} resynced={elapsed.TotalMilliseconds:F0}ms cpu={cpu.TotalMilliseconds:F0}ms " +
                $"gc={GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3} " +
                $"lists={fleet.Lists - lists} backoffWaits={backoffs.Length} longestWait={policy.TotalMilliseconds:F0}ms allocated={allocated / secrets}B/secret"));
        }

        times.Sort();
        waited.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"relist source={source} secrets={secrets} median={times[times.Count / 2]:F0}ms min={times[0]:F0}ms max={times[^1]:F0}ms longestWait median={waited[waited.Count / 2]:F0}ms min={waited[0]:F0}ms max={waited[^1]:F0}ms"));
        return 0;
    }

    private static void Ignore()
    {
    }

    /// <summary>
    /// With <c>CACHE_PROBE_PAUSE=1</c>, waits for a line on standard input while the manager is built, so that a heap
    /// dump (<c>dotnet-dump collect -p PID</c>, then <c>dumpheap -stat -live</c>) can show where its bytes are.
    /// </summary>
    private static void PauseForDump()
    {
        if (System.Environment.GetEnvironmentVariable("CACHE_PROBE_PAUSE") != "1")
        {
            return;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paused for a dump: pid {System.Environment.ProcessId}; press Enter to go on"));
        Console.ReadLine();
    }

    private static long PerSecret(long bytes, int secrets) => (long)Math.Round(bytes / (double)secrets);

    /// <summary>
    /// What is retained once what ended before has settled: watches end on their own threads after they are told to,
    /// so their garbage may outlive the wait for the closed watches by a moment.
    /// </summary>
    private static long Settled()
    {
        var retained = Retained();
        for (var round = 0; round < 20; round++)
        {
            Thread.Sleep(50);
            var now = Retained();
            if (Math.Abs(retained - now) < retained / 1000)
            {
                return now;
            }

            retained = now;
        }

        return retained;
    }

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
