using BenchmarkDotNet.Attributes;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// The Secret manager at scale (<see cref="SecretFleet"/>: N Secrets of 5 keys × 100 B, N / 10 registered pods of 10
/// Secrets each), under the Watch and the Cache strategies: a read of a registered, synced Secret, the registration
/// of a pod whose Secrets are already referenced (a new replica), and that of a pod whose Secrets nobody references
/// yet, read once and dropped (under Watch: 10 watches started, synced and stopped).
/// </summary>
[MemoryDiagnoser]
public class ObjectManagerBenchmarks
{
    private CacheFleet _fleet = null!;
    private Pod[] _replicas = [];
    private Pod _spare = null!;
    private string[] _spareNames = [];
    private int _next;

    [Params(1_000, 10_000)]
    public int Secrets { get; set; }

    [Params(ChangeDetectionStrategy.Watch, ChangeDetectionStrategy.Cache)]
    public ChangeDetectionStrategy Strategy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fleet = CacheFleet.Build(Secrets, Strategy);
        _replicas = _fleet.Pods.Select((_, i) => SecretFleet.Pod(i, "-replica")).ToArray();
        _spare = SecretFleet.Pod(-1);
        _spareNames = Enumerable.Range(1, SecretFleet.SecretsPerPod).Select(i => SecretFleet.SecretName(-i)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _fleet.Dispose();

    /// <summary>A read of a registered, synced Secret (a different one each time, across the whole fleet).</summary>
    [Benchmark]
    public Secret? Get()
    {
        // A stride prime to N visits every Secret, in an order that defeats the CPU caches as a real workload would.
        _next = (_next + 7_919) % Secrets;
        return _fleet.Read(_fleet.Names[_next]).Value;
    }

    /// <summary>Registers and unregisters a second pod that reads the same 10 Secrets as a registered one.</summary>
    [Benchmark]
    public void RegisterUnregisterReplica()
    {
        _next = (_next + 1) % _replicas.Length;
        var pod = _replicas[_next];
        _fleet.Manager.RegisterPod(pod);
        _fleet.Manager.UnregisterPod(pod);
    }

    /// <summary>
    /// Registers a pod whose 10 Secrets nobody references, reads each (under Watch the read waits for the new
    /// reflector's list; under Cache it fetches), and unregisters it (under Watch its 10 watches stop).
    /// </summary>
    [Benchmark]
    public async Task<int> RegisterNewReadUnregister()
    {
        _fleet.Manager.RegisterPod(_spare);
        var found = 0;
        foreach (var name in _spareNames)
        {
            found += (await _fleet.Manager.GetAsync(SecretFleet.Namespace, name)).Status == LookupStatus.Found ? 1 : 0;
        }

        _fleet.Manager.UnregisterPod(_spare);
        return found;
    }
}
