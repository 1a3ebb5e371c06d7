using BenchmarkDotNet.Attributes;
using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.Benchmarks.Validation;

/// <summary>Validation of a Secret near the 1 MiB limit, at two key counts so that growth is visible.</summary>
[MemoryDiagnoser]
public class SecretValidationBenchmarks
{
    private Secret _secret = null!;

    [Params(100, 1000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var valueSize = (SecretTypes.MaxSize - 1024) / Keys;
        _secret = new Secret
        {
            Name = "big",
            Namespace = "bench",
            Data = DataMap.Create(Enumerable.Range(0, Keys).Select(i => KeyValuePair.Create($"key-{i:D5}.conf", new byte[valueSize]))),
        };
    }

    [Benchmark]
    public int Validate() => SecretValidation.Validate(_secret).Count;
}
