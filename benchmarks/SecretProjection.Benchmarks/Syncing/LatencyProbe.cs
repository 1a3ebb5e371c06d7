using System.Globalization;
using SecretProjection.Benchmarks.ObjectManagers;

namespace SecretProjection.Benchmarks.Syncing;

/// <summary>
/// The distribution of the watch event → bytes visible latency (<see cref="LatencyChain"/>), which
/// BenchmarkDotNet's mean does not show: <c>--latency-probe ROTATIONS KEYS [OTHER_WATCHES] [GAP_MS]</c> runs 20
/// warm-up rotations, then ROTATIONS measured ones, GAP_MS apart (default 20 ms, so that each rotation meets an idle
/// chain, as rotations do), and prints the median, 90th and 99th percentiles and the maximum.
/// </summary>
internal static class LatencyProbe
{
    private const int WarmUp = 20;

    public static int Run(string[] args)
    {
        if (args.Length is < 2 or > 4)
        {
            Console.Error.WriteLine("usage: --latency-probe ROTATIONS KEYS [OTHER_WATCHES] [GAP_MS]");
            return 2;
        }

        var rotations = int.Parse(args[0], CultureInfo.InvariantCulture);
        var keys = int.Parse(args[1], CultureInfo.InvariantCulture);
        var others = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var gap = TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20);
        return RunAsync(rotations, keys, others, gap).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int rotations, int keys, int others, TimeSpan gap)
    {
        await using var chain = new LatencyChain(keys, others);
        var samples = new List<double>(rotations);
        for (var i = 0; i < WarmUp + rotations; i++)
        {
            await Task.Delay(gap, TimeProvider.System).ConfigureAwait(false);
            using var hang = new CancellationTokenSource(CacheFleet.Hang);
            var latency = await chain.RotateAsync(hang.Token).ConfigureAwait(false);
            if (i >= WarmUp)
            {
                samples.Add(latency.TotalMilliseconds);
            }
        }

        samples.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"latency keys={keys} otherWatches={others} rotations={rotations} gap={gap.TotalMilliseconds}ms volume={(chain.Medium == "tmpfs" ? "tmpfs" : "tmpdir")} " +
            $"median={Percentile(samples, 0.5):F2}ms p90={Percentile(samples, 0.9):F2}ms p99={Percentile(samples, 0.99):F2}ms max={samples[^1]:F2}ms mean={samples.Average():F2}ms"));
        return 0;
    }

    /// <summary>The nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
