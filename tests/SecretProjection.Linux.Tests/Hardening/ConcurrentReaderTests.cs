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

    // With two writers, two processes (as a node agent and a hand-run project) each publish half the
    // generations and take turns through the volume directory's flock.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Readers_see_whole_files_of_one_generation_and_only_transient_errors_across_a_swap(int writers)
    {
        using var scratch = new ScratchFileSystem("readers");
        var volume = scratch.NewVolume("volume");
        using var fileSystem = new LinuxVolumeFileSystem(volume);
        var writer = AtomicWriter.Create(fileSystem);
        writer.Write(Generations.Payload(0));

        var clock = Stopwatch.StartNew();
        var last = new HashSet<long>();
        GenerationReader.ReaderTally all;
        using (var readers = GenerationReader.Start(volume, Readers))
        {
            if (writers == 1)
            {
                for (var n = 1; n <= Updates; n++)
                {
                    Assert.True(writer.Write(Generations.Payload(n)).Changed);
                }

                last.Add(Updates);
            }
            else
            {
                var children = Enumerable.Range(1, writers).Select(first => ChildWriter.Start(volume, first, null, "--step", $"{writers}", "--count", $"{Updates / writers}")).ToArray();
                foreach (var child in children)
                {
                    using (child)
                    {
                        child.WaitFor(line => line == "done");
                        last.Add(child.LastPublished!.Value);
                    }
                }
            }

            all = readers.Stop();
        }

        output.WriteLine($"readers={Readers} writers={writers} updates={Updates} {GenerationReader.Describe(all)} (on {scratch.Label}, {clock.Elapsed.TotalSeconds:F1} s)");
        GenerationReader.AssertConsistent(all);

        // After the last swap every name reads as the last generation (of one writer or the other).
        Assert.Contains(Generations.Read(path => PosixFile.Read(Path.Combine(volume, path)).Data ?? throw new IOException(path)), last);
    }
}
