using BenchmarkDotNet.Attributes;
using SecretProjection.Benchmarks.ObjectManagers;

namespace SecretProjection.Benchmarks.Syncing;

/// <summary>
/// One rotation through <see cref="LatencyChain"/>: a Secret of N keys × 1 KiB written to the loopback API server,
/// until its new bytes are read through the pod's volume. BenchmarkDotNet reports the mean; for the median and the
/// tail, run the latency probe (<c>--latency-probe</c>).
/// </summary>
[MemoryDiagnoser]
public class WatchLatencyBenchmarks
{
    private LatencyChain _chain = null!;

    [Params(1, 10, 100)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = new LatencyChain(Keys);
        Console.WriteLine($"// latency chain: the volume on {_chain.Medium}");
    }

    [GlobalCleanup]
    public void Cleanup() => _chain.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<TimeSpan> Rotate()
    {
        using var hang = new CancellationTokenSource(CacheFleet.Hang);
        return await _chain.RotateAsync(hang.Token);
    }
}
