using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecretProjection.GenerationWriter;
using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// kill -9 on real files: a child process (<c>SecretProjection.GenerationWriter</c>) writes generation after
/// generation with the real writer and the Linux backend while this test kills it with SIGKILL at a random
/// moment. After each kill a reader sees one complete generation, and not an older one than the child last
/// reported as published; then a fresh writer recovers the volume: the same generation, nothing stray.
/// </summary>
public sealed class WriterKillTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<WriterKillTests>(output);

    private const int Lanes = 2; // two volumes, two children at a time: one per core
    private const int MaxDelayMilliseconds = 30; // a write takes a few ms: a kill lands anywhere in the first ten or so
    private const int SigKillExitCode = 128 + 9;
    private const long FsGroup = 2000;

    private static readonly int Trials = StressScale.Times(200);

    [Fact]
    public void A_writer_killed_at_a_random_moment_leaves_one_complete_generation_that_a_fresh_writer_recovers()
    {
        using var scratch = new ScratchFileSystem("kill");
        long? fsGroup = Tmpfs.CanMount ? FsGroup : null; // chown to a group the process is not in needs root
        var tally = new Tally();
        var clock = Stopwatch.StartNew();

        Parallel.For(0, Lanes, new ParallelOptions { MaxDegreeOfParallelism = Lanes }, lane =>
        {
            var trials = (Trials / Lanes) + (lane < Trials % Lanes ? 1 : 0);
            RunLane(scratch.NewVolume($"lane{lane}"), trials, fsGroup, new Random(lane), tally);
        });

        output.WriteLine($"kill trials={Trials} recovered={tally.Recovered} torn={tally.Torn} lost={tally.Lost} interrupted-mid-write={tally.MidWrite} generations-published={tally.Published} (on {scratch.Label}, fsGroup {(fsGroup is null ? "none: not root" : FsGroup)}, {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.True(tally.Torn == 0 && tally.Lost == 0, tally.FirstProblem);
        Assert.Equal(Trials, tally.Recovered);

        // Not a timing assertion: without kills that land inside a write, the figures above would prove nothing.
        Assert.True(tally.MidWrite > 0, "no kill landed inside a write");
    }

    private static void RunLane(string volume, int trials, long? fsGroup, Random random, Tally tally)
    {
        long? current = null; // the generation readers see
        for (var trial = 0; trial < trials; trial++)
        {
            var first = (current ?? -1) + 1;
            var published = RunAndKill(volume, first, fsGroup, random.Next(MaxDelayMilliseconds + 1));
            Interlocked.Add(ref tally.Published, published is { } p ? p - first + 1 : 0);

            long? seen;
            bool midWrite;
            try
            {
                (seen, midWrite) = Inspect(volume, fsGroup);
            }
            catch (MixedGenerationException e)
            {
                tally.Fail(ref tally.Torn, $"torn in trial {trial} in {volume}: {e.Message}");
                return;
            }

            var context = $"trial {trial} in {volume}: child started at {first}, last published {published?.ToString(CultureInfo.InvariantCulture) ?? "none"}, readers see {seen?.ToString(CultureInfo.InvariantCulture) ?? "none"}";

            // Lost nothing: the last generation the child published, or the one it was swapping in when killed.
            var floor = published ?? current;
            if (seen != floor && seen != (floor ?? -1) + 1)
            {
                tally.Fail(ref tally.Lost, "lost: " + context);
                return;
            }

            var recovered = Recover(volume, seen ?? first, fsGroup);
            Assert.True(seen is null || !recovered.Changed, "the fresh writer rewrote a complete generation: " + context);
            AssertExactly(volume, seen ?? first, fsGroup, context);

            current = seen ?? first;
            Interlocked.Increment(ref tally.Recovered);
            if (midWrite)
            {
                Interlocked.Increment(ref tally.MidWrite);
            }
        }
    }

    /// <summary>Starts the child, waits until it runs, lets it write for <paramref name="delay"/> ms, then SIGKILLs it.</summary>
    /// <returns>The last generation it reported as published.</returns>
    private static long? RunAndKill(string volume, long first, long? fsGroup, int delay)
    {
        using var child = ChildWriter.Start(volume, first, fsGroup);
        Thread.Sleep(delay); // the random moment of the kill, not a wait for something
        Assert.False(child.HasExited, "the child stopped by itself: " + child.Errors);
        child.Kill();
        Assert.Equal(SigKillExitCode, child.ExitCode);
        return child.LastPublished;
    }

    /// <summary>
    /// What a reader sees right after the kill: through the visible names and through <c>..data/</c>, exactly
    /// one generation with its modes; any other visible name dangles. Whether the kill left work behind
    /// (<c>..data_tmp</c>, another generation directory, a dangling name) says it landed inside a write.
    /// </summary>
    private static (long? Seen, bool MidWrite) Inspect(string volume, long? fsGroup)
    {
        var target = new FileInfo(Path.Combine(volume, VolumeLayout.DataDirectory)).LinkTarget;
        var names = Directory.GetFileSystemEntries(volume).Select(Path.GetFileName).OfType<string>().ToArray();
        if (target is null)
        {
            return (null, names.Length > 0);
        }

        var seen = Generations.Read(path => File.ReadAllBytes(Path.Combine(volume, path)));
        Assert.Equal(seen, Generations.Read(path => File.ReadAllBytes(Path.Combine(volume, VolumeLayout.DataDirectory, path))));
        AssertModes(volume, target, seen, fsGroup);

        var visible = Generations.TopLevelNames(seen);
        var extra = names.Where(n => n != VolumeLayout.DataDirectory && n != target && !visible.Contains(n)).ToArray();
        Assert.All(extra.Where(n => !VolumeLayout.IsReserved(n)), n =>
            Assert.False(Resolves(Path.Combine(volume, n)), $"visible {n} is not of generation {seen} and does not dangle: {Describe(volume)}"));
        return (seen, extra.Length > 0);
    }

    /// <summary>Whether a path leads to something, following links (File.Exists is true for a dangling link).</summary>
    private static bool Resolves(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } final
            ? File.Exists(final.FullName) || Directory.Exists(final.FullName)
            : File.Exists(path) || Directory.Exists(path);

    private static string Describe(string volume) =>
        string.Join(", ", Directory.GetFileSystemEntries(volume).Order(StringComparer.Ordinal).Select(e => Path.GetFileName(e) + (new FileInfo(e).LinkTarget is { } t ? " -> " + t : Directory.Exists(e) ? "/ [" + string.Join(" ", Directory.GetFileSystemEntries(e).Select(Path.GetFileName)) + "]" : string.Empty)));

    private static AtomicWriteResult Recover(string volume, long generation, long? fsGroup)
    {
        using var fileSystem = new LinuxVolumeFileSystem(volume);
        return AtomicWriter.Create(fileSystem).Write(Generations.Payload(generation).WithFsGroup(fsGroup));
    }

    /// <summary>After recovery: <c>..data</c>, its one generation directory and exactly the generation's visible links.</summary>
    private static void AssertExactly(string volume, long generation, long? fsGroup, string context)
    {
        var target = new FileInfo(Path.Combine(volume, VolumeLayout.DataDirectory)).LinkTarget;
        Assert.NotNull(target);
        var names = Directory.GetFileSystemEntries(volume).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        Assert.True(
            names.SequenceEqual(Generations.TopLevelNames(generation).Append(VolumeLayout.DataDirectory).Append(target).Order(StringComparer.Ordinal)),
            $"stray names after recovery ({string.Join(", ", names)}): {context}");
        Assert.All(Generations.TopLevelNames(generation), n => Assert.Equal(VolumeLayout.VisibleLinkTarget(n), new FileInfo(Path.Combine(volume, n)).LinkTarget));
        Assert.Equal(generation, Generations.Read(path => File.ReadAllBytes(Path.Combine(volume, path))));
        AssertModes(volume, target, generation, fsGroup);
    }

    /// <summary>Files have the planned mode (plus group read with an fsGroup), directories 0755 (02755 with one).</summary>
    private static void AssertModes(string volume, string target, long generation, long? fsGroup)
    {
        using var fs = new LinuxVolumeFileSystem(volume);
        foreach (var (path, mode) in Generations.Files(generation))
        {
            var entry = fs.GetEntry(target + "/" + path);
            Assert.NotNull(entry);
            Assert.Equal(Octal(fsGroup is null ? mode : mode | 0x120), Octal(entry.Mode));
            Assert.Equal(fsGroup ?? entry.Group, entry.Group);
            foreach (var parent in Parents(path))
            {
                Assert.Equal(Octal(fsGroup is null ? VolumeLayout.DirectoryMode : 0x5ED), Octal(fs.GetEntry(target + "/" + parent)!.Mode));
            }
        }
    }

    private static IEnumerable<string> Parents(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    private static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');

    private sealed class Tally
    {
        public int Recovered;
        public int MidWrite;
        public long Published;
        public int Torn;
        public int Lost;

        public string FirstProblem { get; private set; } = string.Empty;

        /// <summary>Counts a failed trial; its lane stops there, as the volume no longer holds what the next trial expects.</summary>
        public void Fail(ref int counter, string problem)
        {
            Interlocked.Increment(ref counter);
            lock (this)
            {
                FirstProblem = FirstProblem.Length > 0 ? FirstProblem : problem;
            }
        }
    }
}
