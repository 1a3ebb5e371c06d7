using System.Diagnostics;
using System.Globalization;
using SecretProjection.GenerationWriter;
using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// Writers in separate processes on one volume at the same time, as a node agent and a hand-run <c>project</c>
/// (hostile-host review, finding 6). Upstream promises nothing here; this writer takes an exclusive <c>flock(2)</c>
/// on the volume directory for the whole write, so they take turns. In each round every child writes a
/// generation of its own with a new writer (as one run of <c>project</c>), all at once, while readers read; the
/// round must end on one complete generation (one of those written) with nothing stray beside it, no write may
/// fail, and no reader may see a mixed generation.
/// </summary>
public sealed class ConcurrentWritersTests(ITestOutputHelper output)
{
    private const int Readers = 2;
    private const long FsGroup = 2000;

    private static readonly int Rounds = StressScale.Times(100);

    private readonly ITestOutputHelper output = FigureLog.For<ConcurrentWritersTests>(output);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Concurrent_writer_processes_take_turns_and_every_round_ends_on_one_complete_generation(int writers)
    {
        using var scratch = new ScratchFileSystem("writers");
        var volume = scratch.NewVolume("volume");
        long? fsGroup = Tmpfs.CanMount ? FsGroup : null;
        using (var first = new LinuxVolumeFileSystem(volume))
        {
            AtomicWriter.Create(first).Write(Generations.Payload(0).WithFsGroup(fsGroup));
        }

        var clock = Stopwatch.StartNew();
        int failed = 0, stray = 0, incomplete = 0;
        var firstProblem = string.Empty;
        var children = Enumerable.Range(0, writers).Select(_ => ChildWriter.Start(volume, 0, fsGroup, "--stdin")).ToArray();
        GenerationReader.ReaderTally reads;
        try
        {
            using var readers = GenerationReader.Start(volume, Readers);
            for (var round = 1; round <= Rounds; round++)
            {
                var generations = Enumerable.Range(0, writers).Select(i => ((long)round * writers) + i).ToArray();
                for (var i = 0; i < writers; i++)
                {
                    children[i].Send(generations[i].ToString(CultureInfo.InvariantCulture));
                }

                for (var i = 0; i < writers; i++)
                {
                    var reply = children[i].WaitFor(line => line.StartsWith("published ", StringComparison.Ordinal) || line.StartsWith("failed ", StringComparison.Ordinal));
                    if (reply.StartsWith("failed ", StringComparison.Ordinal))
                    {
                        failed++;
                        firstProblem = firstProblem.Length > 0 ? firstProblem : $"round {round}: {reply}";
                    }
                }

                var problem = Inspect(volume, generations);
                if (problem is not null)
                {
                    (stray, incomplete) = problem.StartsWith("stray", StringComparison.Ordinal) ? (stray + 1, incomplete) : (stray, incomplete + 1);
                    firstProblem = firstProblem.Length > 0 ? firstProblem : $"round {round}: {problem}";
                }
            }

            reads = readers.Stop();
        }
        finally
        {
            foreach (var child in children)
            {
                child.Finish();
                child.Dispose();
            }
        }

        output.WriteLine(
            $"concurrent writers={writers} rounds={Rounds} writes={Rounds * writers} failed={failed} rounds-ending-on-one-complete-generation={Rounds - stray - incomplete} stray={stray} incomplete={incomplete} "
            + $"readers={Readers}: {GenerationReader.Describe(reads)} (on {scratch.Label}, fsGroup {(fsGroup is null ? "none: not root" : FsGroup)}, {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.True(failed == 0 && stray == 0 && incomplete == 0, firstProblem);
        GenerationReader.AssertConsistent(reads);
    }

    /// <summary>After a round: <c>..data</c>, its generation (one of this round's, complete) and its visible links, nothing else.</summary>
    private static string? Inspect(string volume, long[] written)
    {
        var target = new FileInfo(Path.Combine(volume, VolumeLayout.DataDirectory)).LinkTarget;
        long seen;
        try
        {
            seen = Generations.Read(path => File.ReadAllBytes(Path.Combine(volume, path)));
        }
        catch (Exception e) when (e is IOException or MixedGenerationException)
        {
            return "incomplete: " + e.Message;
        }

        if (!written.Contains(seen))
        {
            return $"incomplete: generation {seen} is not one written this round";
        }

        var names = Directory.GetFileSystemEntries(volume).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
        var expected = Generations.TopLevelNames(seen).Append(VolumeLayout.DataDirectory).Append(target!).Order(StringComparer.Ordinal);
        return names.SequenceEqual(expected) ? null : $"stray entries: {string.Join(", ", names.Except(expected))}";
    }
}
