using System.Globalization;
using BenchmarkDotNet.Attributes;
using SecretProjection.Linux.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Benchmarks.Writing;

/// <summary>
/// The atomic writer on the Linux backend, on tmpfs when root (as the kubelet writes secret volumes) and in a
/// temporary directory otherwise: first write, one-key update and unchanged re-write of N keys × 1 KiB, next to
/// <see cref="Floor"/>, the fewest system calls that publish one complete generation.
/// </summary>
[MemoryDiagnoser]
public class AtomicWriterBenchmarks
{
    private const int KeySize = 1024;

    private string _base = string.Empty;
    private bool _mounted;
    private VolumePayload _payload = VolumePayload.Empty;
    private VolumePayload _updated = VolumePayload.Empty;
    private IAtomicWriter _updating = null!;
    private IAtomicWriter _unchanged = null!;
    private string _floor = string.Empty;
    private int _fresh;
    private int _floorGeneration;
    private bool _toggle;

    [Params(1, 10, 100)]
    public int Keys { get; set; }

    /// <summary>The writers' fsGroup (not a benchmark parameter: set by <see cref="WriterProbe"/> to count its cost).</summary>
    public long? FsGroup { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _base = Directory.CreateTempSubdirectory("secretprojection-bench-").FullName;
        if (Tmpfs.CanMount)
        {
            _mounted = Tmpfs.Mount(_base, new TmpfsOptions { SizeBytes = 1L << 30, Mode = 0x1ED });
        }

        Console.WriteLine($"// writer benchmarks on {(_mounted ? "tmpfs" : "the temporary directory (not root: no tmpfs)")}: {_base}");
        var data = new byte[KeySize];
        Random.Shared.NextBytes(data);
        _payload = Payload(data, changedKey: -1);
        _updated = Payload(data, changedKey: 0);
        _updating = Writer("updating");
        _updating.Write(_payload);
        _unchanged = Writer("unchanged");
        _unchanged.Write(_payload);
        _floor = Directory.CreateDirectory(Path.Combine(_base, "floor")).FullName;
        Floor();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_mounted)
        {
            Tmpfs.Unmount(_base, lazily: true);
        }

        Directory.Delete(_base, recursive: true);
    }

    [IterationCleanup(Target = nameof(FirstWrite))]
    public void RemoveFreshVolumes()
    {
        foreach (var dir in Directory.GetDirectories(_base, "fresh-*"))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The fewest system calls that publish one complete generation and drop the previous one: <c>mkdir</c>; per
    /// key <c>open(O_CREAT|O_EXCL, mode)</c>, <c>write</c>, <c>fchmod</c> (the umask filtered the mode given to
    /// open) and <c>close</c>; <c>symlink</c> + <c>rename</c>; then <c>unlink</c> per key and <c>rmdir</c>.
    /// </summary>
    [Benchmark(Baseline = true)]
    public unsafe void Floor()
    {
        var previous = _floor + "/.." + _floorGeneration.ToString(CultureInfo.InvariantCulture);
        var generation = ".." + (++_floorGeneration).ToString(CultureInfo.InvariantCulture);
        var dir = _floor + "/" + generation;
        Native.Check(Native.Mkdir(dir, 0x1ED), "mkdir", dir);
        foreach (var (path, file) in _payload)
        {
            var fd = Native.Open(dir + "/" + path, Native.OWrOnly | Native.OCreat | Native.OExcl | Native.OCloExec, 0x1A4);
            if (fd == -1)
            {
                throw Native.LastError("open", path);
            }

            fixed (byte* data = file.Data.Span)
            {
                if (Native.Write(fd, data, (nuint)file.Data.Length) != file.Data.Length)
                {
                    throw Native.LastError("write", path);
                }
            }

            Native.Check(Native.Fchmod(fd, 0x1A4), "fchmod", path);
            Native.Check(Native.Close(fd), "close", path);
        }

        Native.Check(Native.Symlink(generation, _floor + "/..data_tmp"), "symlink", "..data_tmp");
        Native.Check(Native.Rename(_floor + "/..data_tmp", _floor + "/..data"), "rename", "..data");
        if (_floorGeneration > 1)
        {
            foreach (var path in _payload.Keys)
            {
                Native.Check(Native.Unlink(previous + "/" + path), "unlink", path);
            }

            Native.Check(Native.Rmdir(previous), "rmdir", previous);
        }
    }

    [Benchmark]
    public bool FirstWrite()
    {
        using var volume = Volume("fresh-" + (++_fresh).ToString(CultureInfo.InvariantCulture));
        return AtomicWriter.Create(volume).Write(_payload).Changed;
    }

    [Benchmark]
    public bool OneKeyUpdate() => _updating.Write((_toggle = !_toggle) ? _updated : _payload).Changed;

    [Benchmark]
    public bool UnchangedRewrite() => _unchanged.Write(_payload).Changed;

    /// <summary>
    /// Not a benchmark (for <see cref="WriterProbe"/>): an unchanged re-write by a new writer, as after a restart or
    /// by each run of the project verb; it has no index yet, so it compares by reading, as upstream does.
    /// </summary>
    public bool UnchangedRewriteByNewWriter()
    {
        using var volume = Volume("unchanged");
        return AtomicWriter.Create(volume).Write(_payload).Changed;
    }

    // The long-lived writers' volumes stay open until the process ends, as an agent's would.
    private IAtomicWriter Writer(string name) => AtomicWriter.Create(Volume(name));

    private LinuxVolumeFileSystem Volume(string name) => new(Directory.CreateDirectory(Path.Combine(_base, name)).FullName);

    private VolumePayload Payload(byte[] data, int changedKey) =>
        new VolumePayload(Enumerable.Range(0, Keys).Select(i =>
        {
            var bytes = (byte[])data.Clone();
            bytes[0] ^= (byte)(i == changedKey ? 0xFF : 0);
            return KeyValuePair.Create("key-" + i.ToString("D3", CultureInfo.InvariantCulture), new PayloadFile(bytes, 0x1A4));
        })).WithFsGroup(FsGroup);
}
