using BenchmarkDotNet.Attributes;
using SecretProjection.Kubernetes.Manifests;

namespace SecretProjection.Benchmarks.Manifests;

/// <summary>
/// <see cref="ManifestReader.ReadObjects"/> over N small Secrets (as kubectl writes them) and over N applications
/// (a Deployment and its Secret), from text in memory. <c>OperationsPerInvoke</c> is N, so every figure is per
/// object read; a reader whose cost grows with the input shows the same figure at both sizes.
/// </summary>
[MemoryDiagnoser]
public class ManifestReaderBenchmarks
{
    private string _secrets = null!;
    private string _applications = null!;

    [Params(1_000, 20_000)]
    public int Objects { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _secrets = ManifestInputs.Secrets(Objects);
        _applications = ManifestInputs.Applications(Objects / 2);
    }

    [Benchmark]
    public int ReadSecrets() => Read(_secrets);

    [Benchmark]
    public int ReadApplications() => Read(_applications);

    private static int Read(string text)
    {
        using var reader = new StringReader(text);
        var count = 0;
        foreach (var item in ManifestReader.ReadObjects(reader, "bench.yaml"))
        {
            count += item.Model is null ? 0 : 1;
        }

        return count;
    }
}
