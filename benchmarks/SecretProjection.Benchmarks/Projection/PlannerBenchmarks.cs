using System.Globalization;
using BenchmarkDotNet.Attributes;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Sources;

namespace SecretProjection.Benchmarks.Projection;

/// <summary>
/// Planning one projected volume of three sources (two Secrets and a ConfigMap) with 100 keys each, at two
/// value sizes, with and without <c>items</c> for every key.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private const int KeysPerSource = 100;

    private Pod _allKeys = null!;
    private Pod _listedKeys = null!;
    private ObjectSnapshot _objects = null!;

    /// <summary>The size of each value in bytes.</summary>
    // At most 1 MiB per object, as the API server holds them: 100 keys of 8 KiB (a Secret or ConfigMap over it fails its volume).
    [Params(64, 8 * 1024)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var value = new string('x', ValueBytes);
        string Key(int source, int i) => string.Create(CultureInfo.InvariantCulture, $"s{source}-key-{i:D3}");
        IEnumerable<KeyValuePair<string, string>> Entries(int source) =>
            Enumerable.Range(0, KeysPerSource).Select(i => KeyValuePair.Create(Key(source, i), value));

        _objects = new ObjectSnapshot(
            [
                new Secret { Name = "s0", Data = DataMap.FromStrings(Entries(0)) },
                new Secret { Name = "s1", Data = DataMap.FromStrings(Entries(1)) },
            ],
            [new ConfigMap { Name = "c2", Data = Entries(2).ToDictionary(StringComparer.Ordinal) }]);

        KeyToPath[] Items(int source) =>
            Enumerable.Range(0, KeysPerSource).Select(i => new KeyToPath { Key = Key(source, i), Path = "dir/" + Key(source, i), Mode = 0x100 }).ToArray();

        _allKeys = PodWith(
            new VolumeProjection { Secret = new ProjectedObject { Name = "s0" } },
            new VolumeProjection { Secret = new ProjectedObject { Name = "s1" } },
            new VolumeProjection { ConfigMap = new ProjectedObject { Name = "c2" } });
        _listedKeys = PodWith(
            new VolumeProjection { Secret = new ProjectedObject { Name = "s0", Items = Items(0) } },
            new VolumeProjection { Secret = new ProjectedObject { Name = "s1", Items = Items(1) } },
            new VolumeProjection { ConfigMap = new ProjectedObject { Name = "c2", Items = Items(2) } });
    }

    [Benchmark(Baseline = true)]
    public int AllKeys() => PodPlanner.Plan(_allKeys, _objects).Volumes[0].Files.Count;

    [Benchmark]
    public int ListedKeys() => PodPlanner.Plan(_listedKeys, _objects).Volumes[0].Files.Count;

    [Benchmark]
    public int AllKeysToPayload() => PodPlanner.Plan(_allKeys, _objects).Volumes[0].ToPayload().Count;

    private static Pod PodWith(params VolumeProjection[] sources) => new()
    {
        Name = "bench",
        SecurityContext = new PodSecurityContext { RunAsUser = 1000, FsGroup = 2000 },
        Containers = [new Container { Name = "app", VolumeMounts = [new VolumeMount { Name = "projected", MountPath = "/p" }] }],
        Volumes = [new Volume { Name = "projected", Projected = new ProjectedVolumeSource { Sources = sources } }],
    };
}
