using BenchmarkDotNet.Attributes;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// N watched Secrets (<see cref="SecretFleet"/>) over the in-memory source: every watch ends and its resourceVersion
/// is compacted, so each reflector watches again, meets 410, backs off, lists its Secret again and watches from the
/// list; measured until every Secret is listed again and watched. With <see cref="BackoffWaits.Immediate"/> the
/// backoff wait is fired at once (the work alone, at 1,000 and 10,000 Secrets); with
/// <see cref="BackoffWaits.Policy"/> it is client-go's (0.8 s to 1.6 s), so the wall time is the longest of N random
/// waits plus the work (at 10,000 only: the wait dominates at any size, and costs the smoke run 3 s per size).
/// </summary>
[MemoryDiagnoser]
public class RelistBenchmarks
{
    private IRelistFleet _fleet = null!;

    public static IEnumerable<RelistCase> Cases { get; } =
    [
        new(1_000, BackoffWaits.Immediate),
        new(10_000, BackoffWaits.Immediate),
        new(10_000, BackoffWaits.Policy),
    ];

    [ParamsSource(nameof(Cases))]
    public RelistCase Case { get; set; } = null!;

    [GlobalSetup]
    public void Setup() => _fleet = new InMemoryRelistFleet(Case.Secrets, Case.Waits == BackoffWaits.Immediate);

    [GlobalCleanup]
    public void Cleanup() => _fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task Relist()
    {
        using var hang = new CancellationTokenSource(CacheFleet.Hang);
        await _fleet.ExpireAndResyncAsync(hang.Token);
    }

    /// <summary>A size and a backoff; shown as <c>10000 secrets, Policy</c>.</summary>
    public sealed record RelistCase(int Secrets, BackoffWaits Waits)
    {
        public override string ToString() => $"{Secrets} secrets, {Waits}";
    }
}
