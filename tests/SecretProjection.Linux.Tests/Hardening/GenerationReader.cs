using SecretProjection.GenerationWriter;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// A reader of a volume of <see cref="Generations"/>, as a process in a container reads: every file through its
/// visible name and through <c>..data/name</c>, with open(2) and read(2), in passes that read <c>..data</c> before
/// and after. A pass during which <c>..data</c> stayed put must read one whole generation; a pass that spanned a
/// swap may fail with the transient errors <see cref="ConcurrentReaderTests"/> lists.
/// </summary>
internal static class GenerationReader
{
    /// <summary>Starts <paramref name="count"/> reader threads on <paramref name="volume"/>; disposing the result stops them.</summary>
    public static ReaderThreads Start(string volume, int count) => new(volume, count);

    public static void ReadUntil(string volume, CancellationToken stop, ReaderTally tally)
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
    public sealed class ReaderTally
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

    /// <summary>Reader threads; <see cref="Stop"/> joins them and sums their counts.</summary>
    public sealed class ReaderThreads : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ReaderTally[] _tallies;
        private readonly Thread[] _threads;

        public ReaderThreads(string volume, int count)
        {
            _tallies = Enumerable.Range(0, count).Select(_ => new ReaderTally()).ToArray();
            _threads = _tallies.Select(t => new Thread(() => ReadUntil(volume, _stop.Token, t)) { IsBackground = true }).ToArray();
            foreach (var thread in _threads)
            {
                thread.Start();
            }
        }

        public ReaderTally Stop()
        {
            _stop.Cancel();
            foreach (var thread in _threads)
            {
                thread.Join();
            }

            return ReaderTally.Sum(_tallies);
        }

        public void Dispose()
        {
            Stop();
            _stop.Dispose();
        }
    }

    /// <summary>The reader's figures, one line: passes, reads, mixed, torn, errors in a pass without a swap, and the transient errors.</summary>
    public static string Describe(ReaderTally all) =>
        $"passes={all.Passes} (spanning a swap: {all.Passes - all.StablePasses}) reads={all.Reads} mixed={all.Mixed} torn={all.Torn} errors-without-a-swap={all.StableErrors} "
        + $"transient: {string.Join(" ", all.Transient.OrderBy(e => e.Key).Select(e => $"{PosixFile.Name(e.Key)}={e.Value}"))}";

    /// <summary>Whole files of one generation in every pass without a swap; only the transient errors across one.</summary>
    public static void AssertConsistent(ReaderTally all)
    {
        Assert.Equal(0, all.Mixed);
        Assert.Equal(0, all.Torn);
        Assert.True(all.StableErrors == 0, all.FirstProblem);
        Assert.All(all.Transient.Keys, errno => Assert.Contains(errno, new[] { PosixFile.ENOENT, PosixFile.ENOTDIR, PosixFile.EISDIR }));
        Assert.True(all.StablePasses > 0, "no pass completed between two swaps");
    }
}
