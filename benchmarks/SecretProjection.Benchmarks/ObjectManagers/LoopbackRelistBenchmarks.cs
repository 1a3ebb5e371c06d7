using BenchmarkDotNet.Attributes;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// <see cref="RelistBenchmarks"/> on the real API path: N Secrets on the loopback API server, watched through the
/// real KubernetesClient, one list and one watch (each an HTTP request) per Secret. The server drops every watch
/// after a compaction; measured until every Secret is listed again over HTTP and its new watch is open. Backoff
/// waits pass on the simulated clock: the work alone.
/// </summary>
[MemoryDiagnoser]
public class LoopbackRelistBenchmarks
{
    private IRelistFleet _fleet = null!;

    [Params(100, 1_000)]
    public int Secrets { get; set; }

    [GlobalSetup]
    public void Setup() => _fleet = new LoopbackRelistFleet(Secrets);

    [GlobalCleanup]
    public void Cleanup() => _fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task Relist()
    {
        using var hang = new CancellationTokenSource(CacheFleet.Hang);
        await _fleet.ExpireAndResyncAsync(hang.Token);
    }
}
