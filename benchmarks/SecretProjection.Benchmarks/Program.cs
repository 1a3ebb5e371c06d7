using BenchmarkDotNet.Running;
using SecretProjection.Benchmarks.Agent;
using SecretProjection.Benchmarks.Manifests;
using SecretProjection.Benchmarks.ObjectManagers;
using SecretProjection.Benchmarks.Syncing;
using SecretProjection.Benchmarks.Writing;

switch (args)
{
    case [("--syscall-probe" or "--cpu-probe") and var mode, .. var probe]:
        return WriterProbe.Run(mode, probe);
    case [("--cache-memory" or "--relist-probe") and var mode, .. var probe]:
        return CacheProbe.Run(mode, probe);
    case ["--latency-probe", .. var probe]:
        return LatencyProbe.Run(probe);
    case ["--agent-probe", .. var probe]:
        return AgentScaleProbe.Run(probe);
    case ["--agent-probe-server", .. var probe]:
        return AgentScaleProbe.Serve(probe);
    case ["--manifest-probe", .. var probe]:
        return ManifestProbe.Run(probe);
    case ["--rusage", .. var command] when command.Length > 0:
        return ManifestProbe.Rusage(command);
}

// A failed build, setup or benchmark run makes the exit code 1 (CI's smoke run relies on it); a slow one never does.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
var failed = summaries.Where(s => s.HasCriticalValidationErrors).Select(s => s.Title)
    .Concat(summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo))
    .ToList();
foreach (var name in failed)
{
    Console.Error.WriteLine($"benchmark failed: {name}");
}

return failed.Count == 0 ? 0 : 1;
