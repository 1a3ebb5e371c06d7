using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.TestSupport;
using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Tests.Writing;

/// <summary>
/// Crash safety of the atomic writer, beyond upstream (which "offers no concurrency guarantees"), proven on the
/// simulation: for generated sequences of payloads, a crash (or an I/O failure) at every operation index of
/// every write leaves readers one complete generation, the old or the new; after a restart, the next write
/// recovers and leaves exactly its payload and nothing stray.
/// </summary>
public sealed class VolumeWriterCrashTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<VolumeWriterCrashTests>(output);

    private const int CrashSequences = 10_000;
    private const int FailureSequences = 1_000;

    private static readonly string[] Paths = ["a", "b", ".hidden", "c/d", "c/e", "f/g/h"];
    private static readonly string[] Contents = [string.Empty, "x", "yy", "zzz"];
    private static readonly int[] Modes = [0x1A4, 0x100, 0x1FF]; // 0644, 0400, 0777

    private static readonly Gen<VolumePayload[]> PayloadSequences = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(
        Gen.SubListOf(Paths).SelectMany(paths => Gen.CollectToArray(paths, path =>
                Gen.Zip(Gen.Elements(Contents), Gen.Elements(Modes)).Select(f => KeyValuePair.Create(path, new PayloadFile(System.Text.Encoding.UTF8.GetBytes(f.Item1), f.Item2)))))
            .Select(files => new VolumePayload(files)),
        n));

    private long _points;

    private delegate bool Interrupt(InMemoryVolumeFileSystem fs, VolumePayload payload, Generation? current, Generation next, int operation);

    // The earlier payloads of a sequence build the state (written cleanly); the last one is interrupted at
    // every operation index in turn, until an index beyond its last operation lets it complete.
    [Fact]
    public void A_crash_at_any_operation_leaves_one_generation_and_the_next_write_recovers()
    {
        var clock = Stopwatch.StartNew();
        Run(CrashSequences, (fs, payload, current, next, n) =>
        {
            fs.CrashAt(n);
            try
            {
                Writer(fs).Write(payload);
                return false;
            }
            catch (SimulatedCrashException)
            {
                // The "process" died at operation n; readers look, then it restarts.
            }

            AssertOneGeneration(fs, current, next);
            fs.Restart();
            return true;
        });
        output.WriteLine($"{CrashSequences} payload sequences, a crash at each of {_points} operation indices, each followed by a restart, recovery and the write again: never torn ({clock.ElapsedMilliseconds} ms)");
    }

    [Fact]
    public void A_failure_at_any_operation_leaves_one_generation_and_before_the_swap_the_old_one_exactly()
    {
        var clock = Stopwatch.StartNew();
        Run(FailureSequences, (fs, payload, current, next, n) =>
        {
            fs.FailAt(n);
            try
            {
                Writer(fs).Write(payload);
                if (fs.OperationCount < n)
                {
                    return false;
                }
            }
            catch (IOException)
            {
                // An ordinary failure; what readers see is checked below.
            }

            var seen = AssertOneGeneration(fs, current, next);
            if (current is not null && seen == current && !ReferenceEquals(current, next))
            {
                AssertExactly(fs, current); // failed before the swap: cleaned up, as if never tried
            }

            return true;
        });
        output.WriteLine($"{FailureSequences} payload sequences, an I/O failure at each of {_points} operation indices, each followed by the write again: never torn ({clock.ElapsedMilliseconds} ms)");
    }

    // The writer that published keeps an index of its generation and skips reading it back; a failure at any
    // operation must leave that writer, not only a restarted one, able to recover: its next write of the same
    // payload ends with exactly that payload, and the one after writes nothing.
    [Fact]
    public void A_failure_at_any_operation_of_a_writer_that_keeps_its_index_is_recovered_by_that_writer()
    {
        var clock = Stopwatch.StartNew();
        var writes = 0L;
        var config = Config.QuickThrowOnFailure.WithMaxTest(FailureSequences).WithQuietOnSuccess(true)
            .WithParallelRunConfig(Microsoft.FSharp.Core.FSharpOption<ParallelRunConfig>.Some(new ParallelRunConfig(System.Environment.ProcessorCount)));
        Check.One(config, Prop.ForAll(PayloadSequences.ToArbitrary(), (VolumePayload[] sequence) =>
        {
            var last = sequence[^1];
            for (var n = 1; ; n++)
            {
                var fs = new InMemoryVolumeFileSystem();
                var writer = Writer(fs);
                Generation? current = null;
                foreach (var payload in sequence[..^1])
                {
                    writer.Write(payload);
                    current = Expected(current, payload);
                }

                var expected = Expected(current, last);
                var start = fs.OperationCount;
                fs.FailAt(n);
                try
                {
                    writer.Write(last);
                }
                catch (IOException)
                {
                    // What readers see is checked below.
                }

                if (fs.OperationCount - start < n)
                {
                    AssertExactly(fs, expected); // the write completed before the n-th operation
                    break;
                }

                AssertOneGeneration(fs, current, expected);
                writer.Write(last);
                AssertExactly(fs, expected);
                var before = fs.WriteOperationCount;
                Require(!writer.Write(last).Changed && fs.WriteOperationCount == before, () => $"an unchanged write after recovery wrote: {expected}");
                Interlocked.Increment(ref writes);
            }
        }));
        output.WriteLine($"{FailureSequences} payload sequences written by one writer, an I/O failure at each operation index of the last write, then that writer's recovery and an unchanged write: never torn, never a write when unchanged ({writes} scenarios, {clock.ElapsedMilliseconds} ms)");
    }

    private void Run(int sequences, Interrupt interrupt)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(sequences).WithQuietOnSuccess(true)
            .WithParallelRunConfig(Microsoft.FSharp.Core.FSharpOption<ParallelRunConfig>.Some(new ParallelRunConfig(System.Environment.ProcessorCount)));
        Check.One(config, Prop.ForAll(PayloadSequences.ToArbitrary(), (VolumePayload[] sequence) =>
        {
            var fs = new InMemoryVolumeFileSystem();
            Generation? current = null;
            foreach (var payload in sequence[..^1])
            {
                Writer(fs).Write(payload);
                current = Expected(current, payload);
            }

            var last = sequence[^1];
            var next = Expected(current, last);
            for (var n = 1; ; n++)
            {
                var copy = fs.Clone();
                if (!interrupt(copy, last, current, next, n))
                {
                    AssertExactly(copy, next);
                    break;
                }

                RecoverAndRewrite(copy, last, next);
                Interlocked.Increment(ref _points);
            }
        }));
        Assert.True(_points > sequences);
    }

    // Upstream writes only when bytes or paths differ: a mode change alone keeps the old generation.
    private static Generation Expected(Generation? current, VolumePayload payload) =>
        current is not null && current.SameBytes(payload) ? current : Generation.Of(payload);

    private static void RecoverAndRewrite(InMemoryVolumeFileSystem fs, VolumePayload payload, Generation expected)
    {
        Writer(fs).Write(payload);
        AssertExactly(fs, expected);
    }

    private static readonly AtomicWriterOptions Options = new() { TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)), Random = Random.Shared };

    private static IAtomicWriter Writer(InMemoryVolumeFileSystem fs) => AtomicWriter.Create(fs, Options);

    /// <summary>What a reader sees is the old or the new generation, complete; a visible name of neither dangles.</summary>
    private static Generation? AssertOneGeneration(InMemoryVolumeFileSystem fs, Generation? old, Generation next)
    {
        var seen = Generation.Read(fs);
        Generation? match = seen is null ? null : next.Equals(seen) ? next : old is not null && old.Equals(seen) ? old : null;
        Require((seen is null && old is null) || match is not null, () => $"torn: saw {seen}, old {old}, new {next}");

        var topLevel = match?.TopLevelNames ?? [];
        foreach (var name in fs.ListThroughLinks(string.Empty)!.Where(n => !VolumeLayout.IsReserved(n)))
        {
            Require(topLevel.Contains(name) || (fs.ReadFileThroughLinks(name) is null && fs.ListThroughLinks(name) is null), () => $"visible {name} is not of {match}");
        }

        AssertVisible(fs, match);
        return match;
    }

    /// <summary>Exactly the generation, every name visible, and only <c>..data</c> and its directory reserved.</summary>
    private static void AssertExactly(InMemoryVolumeFileSystem fs, Generation expected)
    {
        var seen = Generation.Read(fs);
        Require(expected.Equals(seen), () => $"expected {expected}, saw {seen}");
        var names = fs.ListThroughLinks(string.Empty)!;
        Require(expected.TopLevelNames.Order(StringComparer.Ordinal).SequenceEqual(names.Where(n => !VolumeLayout.IsReserved(n))), () => $"visible names {string.Join(", ", names)} for {expected}");
        Require(names.Count(VolumeLayout.IsReserved) == 2, () => $"stray reserved names: {string.Join(", ", names)}");
        AssertVisible(fs, expected);
    }

    /// <summary>Every file of the generation reads the same through its visible name.</summary>
    private static void AssertVisible(InMemoryVolumeFileSystem fs, Generation? generation)
    {
        foreach (var (path, file) in generation?.Files ?? [])
        {
            Require(fs.ReadFileThroughLinks(path) is { } data && data.AsSpan().SequenceEqual(file.Data), () => $"{path} through its visible name is not of {generation}");
        }
    }

    // Plain checks: xunit's assertions would dominate the run time of a million scenarios.
    private static void Require(bool condition, Func<string> message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message());
        }
    }

    /// <summary>One generation as readers see it under <c>..data</c>: path → (bytes, mode).</summary>
    private sealed record Generation(SortedDictionary<string, (byte[] Data, int Mode)> Files)
    {
        public HashSet<string> TopLevelNames => [.. Files.Keys.Select(k => k.Split('/')[0])];

        public static Generation Of(VolumePayload payload)
        {
            var files = new SortedDictionary<string, (byte[], int)>(StringComparer.Ordinal);
            foreach (var (path, file) in payload)
            {
                files[path] = (file.Data.ToArray(), file.Mode);
            }

            return new Generation(files);
        }

        /// <summary>The generation under <c>..data</c>, or <see langword="null"/> when there is none.</summary>
        public static Generation? Read(InMemoryVolumeFileSystem fs)
        {
            if (fs.ListThroughLinks(VolumeLayout.DataDirectory) is null)
            {
                return null;
            }

            var files = new SortedDictionary<string, (byte[], int)>(StringComparer.Ordinal);
            Walk(fs, string.Empty, files);
            return new Generation(files);
        }

        // Upstream writes only when bytes or paths differ: a mode change alone keeps the old generation.
        public bool SameBytes(VolumePayload payload) =>
            Files.Count == payload.Count && payload.All(f => Files.TryGetValue(f.Key, out var mine) && mine.Data.AsSpan().SequenceEqual(f.Value.Data.Span));

        public bool Equals(Generation? other) =>
            other is not null && Files.Count == other.Files.Count
            && Files.All(f => other.Files.TryGetValue(f.Key, out var o) && o.Mode == f.Value.Mode && o.Data.AsSpan().SequenceEqual(f.Value.Data));

        public override int GetHashCode() => Files.Count;

        public override string ToString() => "{" + string.Join(", ", Files.Select(f => $"{f.Key}={Convert.ToHexString(f.Value.Data)}/{Convert.ToString(f.Value.Mode, 8)}")) + "}";

        private static void Walk(InMemoryVolumeFileSystem fs, string relative, SortedDictionary<string, (byte[], int)> files)
        {
            var dir = relative.Length == 0 ? VolumeLayout.DataDirectory : VolumeLayout.DataDirectory + "/" + relative;
            foreach (var name in fs.ListThroughLinks(dir)!)
            {
                var path = relative.Length == 0 ? name : relative + "/" + name;
                var entry = fs.StatThroughLinks(VolumeLayout.DataDirectory + "/" + path)!;
                if (entry.Kind == VolumeEntryKind.Directory)
                {
                    Walk(fs, path, files);
                }
                else
                {
                    files[path] = (fs.ReadFileThroughLinks(VolumeLayout.DataDirectory + "/" + path)!, entry.Mode);
                }
            }
        }
    }
}
