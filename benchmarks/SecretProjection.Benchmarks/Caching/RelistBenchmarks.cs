using BenchmarkDotNet.Attributes;

namespace SecretProjection.Benchmarks.Caching;

/// <summary>
/// N watched Secrets (<see cref="SecretFleet"/>) over the in-memory source: every watch ends and its resourceVersion
/// is compacted, so each reflector watches again, meets 410, backs off, lists its Secret again and watches from the
/// list; measured until every Secret is listed again and watched. With <see cref="BackoffWaits.Immediate"/> the
/// backoff wait is fired at once (the work alone); with <see cref="BackoffWaits.Policy"/> it is client-go's
/// (0.8 s to 1.6 s), so the wall time is the longest of N random waits plus the work.
/// </summary>
[MemoryDiagnoser]
public class RelistBenchmarks
{
    private IRelistFleet _fleet = null!;

    [Params(1_000, 10_000)]
    public int Secrets { get; set; }

    [Params(BackoffWaits.Immediate, BackoffWaits.Policy)]
    public BackoffWaits Waits { get; set; }

    [GlobalSetup]
    public void Setup() => _fleet = new InMemoryRelistFleet(Secrets, Waits == BackoffWaits.Immediate);

    [GlobalCleanup]
    public void Cleanup() => _fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task Relist()
    {
        using var hang = new CancellationTokenSource(CacheFleet.Hang);
        await _fleet.ExpireAndResyncAsync(hang.Token);
    }
}
