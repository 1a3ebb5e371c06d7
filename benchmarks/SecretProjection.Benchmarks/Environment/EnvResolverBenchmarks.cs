using BenchmarkDotNet.Attributes;
using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Benchmarks.Environment;

/// <summary>
/// A pod of 10 containers, each with 50 variables: 30 from 5 <c>envFrom</c> Secrets and 20 <c>env</c> entries
/// (5 plain literals, 10 literals with two <c>$(VAR)</c> references each, 5 <c>secretKeyRef</c>s). Figures are per
/// resolved variable (<see cref="BenchmarkAttribute.OperationsPerInvoke"/> = 500).
/// </summary>
[MemoryDiagnoser]
public class EnvResolverBenchmarks
{
    private const int Containers = 10;
    private const int Sources = 5;
    private const int KeysPerSource = 6;
    private const int VariablesPerPod = Containers * ((Sources * KeysPerSource) + 20);

    private Pod _pod = null!;
    private Pod _prefixedPod = null!;
    private ObjectSnapshot _objects = null!;

    [GlobalSetup]
    public void Setup()
    {
        var secrets = Enumerable.Range(0, Sources).Select(s => new Secret
        {
            Name = "source-" + s,
            Namespace = "bench",
            Data = DataMap.FromStrings(Enumerable.Range(0, KeysPerSource).Select(k => KeyValuePair.Create($"S{s}_KEY_{k}", $"value-{s}-{k}-0123456789abcdef"))),
        }).ToArray();
        _objects = new ObjectSnapshot(secrets);
        _pod = CreatePod(prefix: string.Empty);
        _prefixedPod = CreatePod(prefix: "APP_");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = VariablesPerPod)]
    public IReadOnlyList<ContainerEnvironment> ResolvePod() => EnvResolver.ResolvePod(_pod, _objects);

    [Benchmark(OperationsPerInvoke = VariablesPerPod)]
    public IReadOnlyList<ContainerEnvironment> ResolvePodWithPrefixes() => EnvResolver.ResolvePod(_prefixedPod, _objects);

    private static Pod CreatePod(string prefix) => new()
    {
        Name = "bench",
        Namespace = "bench",
        Containers = Enumerable.Range(0, Containers).Select(c => new Container
        {
            Name = "c" + c,
            EnvFrom = Enumerable.Range(0, Sources).Select(s => new EnvFromSource { Prefix = prefix, SecretRef = new ObjectSelector("source-" + s) }).ToArray(),
            Env =
            [
                .. Enumerable.Range(0, 5).Select(i => new EnvVar { Name = "PLAIN_" + i, Value = "literal-value-" + i }),
                .. Enumerable.Range(0, 10).Select(i => new EnvVar { Name = "REF_" + i, Value = $"http://$({prefix}S{i % Sources}_KEY_{i % KeysPerSource}):80/$(PLAIN_0)" }),
                .. Enumerable.Range(0, 5).Select(i => new EnvVar { Name = "KEY_" + i, ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector("source-" + i, $"S{i}_KEY_0") } }),
            ],
        }).ToArray(),
    };
}
