using System.Diagnostics;
using SecretProjection.GenerationWriter;
using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// Readers never lock: four threads read every file through its visible name (<c>name</c>) and through
/// <c>..data/name</c>, with open(2) and read(2), while the writer publishes 10,000 generations whose shape
/// alternates (names added, dropped, and <c>flip</c> turning from a directory into a file and back).
/// </summary>
/// <remarks>
/// <para>A reader's pass reads the checksum key, then every file it lists, and reads <c>..data</c> before and
/// after. When <c>..data</c> did not change during the pass, every read must succeed and every file must be
/// of the generation the checksum names: a failure there, or a file that does not match what its first line
/// says, is a defect. When <c>..data</c> changed, the pass spanned a swap: its files may come from both
/// generations (each one still whole), and a read may fail with one of these transient errors:</para>
/// <list type="bullet">
/// <item><c>ENOENT</c>: the name is not in the generation the path resolved to (a link to a dropped name lives
/// until just after the swap, one to a new name is made just before it), or the reader resolved <c>..data</c>
/// to the old generation directory as the writer was removing it (this can hit any name).</item>
/// <item><c>ENOTDIR</c>: a path through a name that is a directory in one generation and a file in the next
/// (<c>flip/x</c> when <c>flip</c> has become a file).</item>
/// <item><c>EISDIR</c>: read(2) of a name that has become a directory (open(2) of a directory succeeds).</item>
/// </list>
/// A reader that wants one generation resolves <c>..data</c> before and after (or reads through the resolved
/// <c>..&lt;timestamp&gt;</c> directory) and starts again when it changed; the configuration provider does.
/// </remarks>
public sealed class ConcurrentReaderTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<ConcurrentReaderTests>(output);

    private const int Readers = 4;

    private static readonly int Updates = StressScale.Times(10_000);

    [Fact]
    public void Readers_see_whole_files_of_one_generation_and_only_transient_errors_across_a_swap()
    {
        using var scratch = new ScratchFileSystem("readers");
        var volume = scratch.NewVolume("volume");
        var writer = AtomicWriter.Create(new LinuxVolumeFileSystem(volume));
        writer.Write(Generations.Payload(0));

        using var stop = new CancellationTokenSource();
        var tallies = Enumerable.Range(0, Readers).Select(_ => new ReaderTally()).ToArray();
        var threads = tallies.Select(t => new Thread(() => ReadUntil(volume, stop.Token, t)) { IsBackground = true }).ToArray();
        var clock = Stopwatch.StartNew();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        try
        {
            for (var n = 1; n <= Updates; n++)
            {
                Assert.True(writer.Write(Generations.Payload(n)).Changed);
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var thread in threads)
            {
                thread.Join();
            }
        }

        var all = ReaderTally.Sum(tallies);
        output.WriteLine(
            $"readers={Readers} updates={Updates} passes={all.Passes} (spanning a swap: {all.Passes - all.StablePasses}) reads={all.Reads} mixed={all.Mixed} torn={all.Torn} errors-without-a-swap={all.StableErrors} "
            + $"transient: {string.Join(" ", all.Transient.OrderBy(e => e.Key).Select(e => $"{PosixFile.Name(e.Key)}={e.Value}"))} (on {scratch.Label}, {clock.Elapsed.TotalSeconds:F1} s)");

        Assert.Equal(0, all.Mixed);
        Assert.Equal(0, all.Torn);
        Assert.True(all.StableErrors == 0, all.FirstProblem);
        Assert.All(all.Transient.Keys, errno => Assert.Contains(errno, new[] { PosixFile.ENOENT, PosixFile.ENOTDIR, PosixFile.EISDIR }));
        Assert.True(all.StablePasses > 0, "no pass completed between two swaps");

        // After the last swap every name reads as the last generation.
        Assert.Equal(Updates, Generations.Read(path => PosixFile.Read(Path.Combine(volume, path)).Data ?? throw new IOException(path)));
    }

    private static void ReadUntil(string volume, CancellationToken stop, ReaderTally tally)
    {
        var data = Path.Combine(volume, VolumeLayout.DataDirectory);
        var reads = new List<(string Path, byte[]? Data, int Errno)>();
        while (!stop.IsCancellationRequested)
        {
            reads.Clear();
            var before = new FileInfo(data).LinkTarget;
            var checksum = PosixFile.Read(Path.Combine(volume, Generations.ChecksumKey));
            reads.Add((Generations.ChecksumKey, checksum.Data, checksum.Errno));
            var generation = checksum.Data is { } manifest ? Generations.GenerationOf(manifest) : null;
            foreach (var (path, _) in generation is { } n ? Generations.Files(n) : [])
            {
                foreach (var via in new[] { path, VolumeLayout.DataDirectory + "/" + path })
                {
                    var (bytes, errno) = PosixFile.Read(Path.Combine(volume, via));
                    reads.Add((path, bytes, errno));
                }
            }

            var stable = before is not null && before == new FileInfo(data).LinkTarget;
            tally.Record(reads, stable, generation);
        }
    }

    /// <summary>One reader's counts.</summary>
    private sealed class ReaderTally
    {
        public long Passes { get; private set; }

        public long StablePasses { get; private set; }

        public long Reads { get; private set; }

        public long Mixed { get; private set; }

        public long Torn { get; private set; }

        public long StableErrors { get; private set; }

        public Dictionary<int, long> Transient { get; } = [];

        public string FirstProblem { get; private set; } = string.Empty;

        public static ReaderTally Sum(IEnumerable<ReaderTally> tallies)
        {
            var sum = new ReaderTally();
            foreach (var t in tallies)
            {
                sum.Passes += t.Passes;
                sum.StablePasses += t.StablePasses;
                sum.Reads += t.Reads;
                sum.Mixed += t.Mixed;
                sum.Torn += t.Torn;
                sum.StableErrors += t.StableErrors;
                sum.FirstProblem = sum.FirstProblem.Length > 0 ? sum.FirstProblem : t.FirstProblem;
                foreach (var (errno, count) in t.Transient)
                {
                    sum.Transient[errno] = sum.Transient.GetValueOrDefault(errno) + count;
                }
            }

            return sum;
        }

        public void Record(List<(string Path, byte[]? Data, int Errno)> reads, bool stable, long? generation)
        {
            Passes++;
            StablePasses += stable ? 1 : 0;
            Reads += reads.Count;
            foreach (var (path, data, errno) in reads)
            {
                if (data is null)
                {
                    if (stable)
                    {
                        StableErrors++;
                        Problem($"{PosixFile.Name(errno)} reading {path} while ..data stayed on generation {generation}");
                    }
                    else
                    {
                        Transient[errno] = Transient.GetValueOrDefault(errno) + 1;
                    }

                    continue;
                }

                // Whole: exactly the bytes of the generation the file names.
                if (Generations.GenerationOf(data) is not { } own || !data.AsSpan().SequenceEqual(Generations.Content(own, path)))
                {
                    Torn++;
                    Problem($"{path} is torn ({data.Length} bytes)");
                }
                else if (stable && own != generation)
                {
                    Mixed++;
                    Problem($"{path} is of generation {own} in a pass of generation {generation}");
                }
            }
        }

        private void Problem(string problem) => FirstProblem = FirstProblem.Length > 0 ? FirstProblem : problem;
    }
}
