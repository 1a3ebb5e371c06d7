using BenchmarkDotNet.Attributes;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// N watched Secrets (<see cref="SecretFleet"/>) over the in-memory source: every watch ends and its resourceVersion
/// is compacted, so each reflector watches again, meets 410, backs off, lists its Secret again and watches from the
/// list; measured until every Secret is listed again and watched. The backoff waits pass on the managers' simulated
/// clock (<see cref="IRelistFleet.Clock"/>) without taking real time: the relist's work alone. The longest backoff
/// wait, which client-go's policy adds to the wall time, is the clock's (<c>--relist-probe</c> prints it).
/// </summary>
[MemoryDiagnoser]
public class RelistBenchmarks
{
    private IRelistFleet _fleet = null!;

    [Params(1_000, 10_000)]
    public int Secrets { get; set; }

    [GlobalSetup]
    public void Setup() => _fleet = new InMemoryRelistFleet(Secrets);

    [GlobalCleanup]
    public void Cleanup() => _fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task Relist()
    {
        using var hang = new CancellationTokenSource(CacheFleet.Hang);
        await _fleet.ExpireAndResyncAsync(hang.Token);
    }
}
