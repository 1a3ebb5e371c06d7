using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Benchmarks.Writing;

/// <summary>
/// The atomic writer on the in-memory simulation (<see cref="InMemoryVolumeFileSystem"/>), in operations per
/// second: what bounds how many scenarios the crash-safety properties can run. N keys × 1 KiB.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OperationsPerSecond))]
public class InMemoryWriterBenchmarks
{
    private const int KeySize = 1024;

    private VolumePayload _payload = VolumePayload.Empty;
    private VolumePayload _updated = VolumePayload.Empty;
    private IAtomicWriter _updating = null!;
    private IAtomicWriter _unchanged = null!;
    private bool _toggle;

    [Params(1, 10, 100)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = new byte[KeySize];
        new Random(1).NextBytes(data);
        _payload = Payload(data, changedKey: -1);
        _updated = Payload(data, changedKey: 0);
        _updating = AtomicWriter.Create(new InMemoryVolumeFileSystem());
        _updating.Write(_payload);
        _unchanged = AtomicWriter.Create(new InMemoryVolumeFileSystem());
        _unchanged.Write(_payload);
    }

    /// <summary>A new simulation and writer, and the first write into the empty volume (what a property's scenario starts with).</summary>
    [Benchmark]
    public bool FirstWrite() => AtomicWriter.Create(new InMemoryVolumeFileSystem()).Write(_payload).Changed;

    [Benchmark]
    public bool OneKeyUpdate() => _updating.Write((_toggle = !_toggle) ? _updated : _payload).Changed;

    [Benchmark]
    public bool UnchangedRewrite() => _unchanged.Write(_payload).Changed;

    private VolumePayload Payload(byte[] data, int changedKey) =>
        new(Enumerable.Range(0, Keys).Select(i =>
        {
            var bytes = (byte[])data.Clone();
            bytes[0] ^= (byte)(i == changedKey ? 0xFF : 0);
            return KeyValuePair.Create("key-" + i.ToString("D3", CultureInfo.InvariantCulture), new PayloadFile(bytes, 0x1A4));
        }));

    private sealed class OperationsPerSecond : ManualConfig
    {
        public OperationsPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
