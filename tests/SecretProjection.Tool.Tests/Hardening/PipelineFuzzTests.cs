using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// FsCheck-generated input through the whole pipeline (<see cref="FuzzPipeline"/>): no unhandled exception,
/// every failure typed, every written volume exactly its plan and nothing outside it. 100,000 inputs per run
/// in all; <c>SECRETPROJECTION_STRESS=N</c> multiplies them (see the README).
/// </summary>
public sealed class PipelineFuzzTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper output = FigureLog.For<PipelineFuzzTests>(output);

    private const int ToolRunEvery = 8; // one manifest in eight also goes through a verb of the tool, in-process

    private static readonly int ScenarioInputs = StressScale.Times(40_000);
    private static readonly int ManifestInputs = StressScale.Times(10_000);
    private static readonly int PayloadInputs = StressScale.Times(50_000);

    [Fact]
    public void Generated_pods_and_objects_are_validated_resolved_planned_and_written_with_only_typed_failures()
    {
        var tally = Check(ScenarioInputs, FuzzInputs.Scenarios, (scenario, t) => FuzzPipeline.Run(scenario, t));

        Assert.Equal(ScenarioInputs, tally.Inputs);
        Assert.True(tally.VolumesWritten > 0 && tally.VolumesFailed > 0 && tally.ContainersBlocked > 0, "the generators reach neither side of a rule");
    }

    [Fact]
    public void Generated_manifest_text_is_read_or_refused_with_its_source_and_the_rest_of_the_pipeline_follows()
    {
        var count = 0;
        var tally = Check(ManifestInputs, FuzzInputs.Manifests, (manifest, t) =>
            FuzzPipeline.Run(manifest, t, Interlocked.Increment(ref count) % ToolRunEvery == 0 ? count / ToolRunEvery : -1));

        Assert.True(tally.Unreadable > 0 && tally.Inputs > 0 && tally.ToolRuns > 0, "the generator reaches neither readable nor unreadable text");
    }

    [Fact]
    public void Generated_payloads_are_refused_or_written_exactly_inside_the_volume()
    {
        var pairs = Gen.Zip(FuzzInputs.Payloads, FuzzInputs.Payloads);
        var tally = Check(PayloadInputs, pairs, (pair, t) => FuzzPipeline.Write(pair.Item1, pair.Item2, t));

        Assert.Equal(PayloadInputs, tally.Inputs);
        Assert.True(tally.PayloadsRefused > 0 && tally.PayloadsWritten > 0, "the generator reaches neither side of a rule");

        // What the file system would refuse (a NUL in a path) is refused before anything is made.
        Assert.Equal(0, tally.WriteErrors);
    }

    private FuzzTally Check<T>(int count, Gen<T> inputs, Action<T, FuzzTally> run)
    {
        var tally = new FuzzTally();
        var clock = Stopwatch.StartNew();
        var config = Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true)
            .WithParallelRunConfig(Microsoft.FSharp.Core.FSharpOption<ParallelRunConfig>.Some(new ParallelRunConfig(System.Environment.ProcessorCount)));
        FsCheck.Check.One(config, Prop.ForAll(inputs.ToArbitrary(), (T input) => run(input, tally)));
        output.WriteLine($"fuzz inputs={count} unhandled=0 {tally} ({clock.Elapsed.TotalSeconds:F1} s)");
        return tally;
    }
}
