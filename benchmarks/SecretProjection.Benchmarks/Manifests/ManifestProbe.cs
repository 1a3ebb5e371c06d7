using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SecretProjection.Benchmarks.Manifests;

/// <summary>
/// The tool on large inputs against the same verb on a one-object input, run as people run it (a process per
/// run), each figure a ratio measured in the same run: wall time, CPU time (user + system) and peak resident
/// memory above the one-object run, divided by the input's size. Each run is measured from a process of its own
/// (<c>--rusage</c>) that reads <c>getrusage(RUSAGE_CHILDREN)</c>, so the figures are the tool's alone.
/// </summary>
/// <remarks>
/// <c>--manifest-probe [--scale N] [--rounds R] [--tool PATH] [--verbs validate,plan]</c>: the inputs are generated
/// into a temporary directory (<see cref="ManifestInputs"/>); <c>--scale 10</c> divides their sizes by ten (CI's
/// smoke run uses 20). Each scenario runs R rounds (default 5) of baseline and large input in turn; the medians are
/// printed. A scenario is one line of <see cref="Scenarios"/>: a verb, its arguments, and its two inputs.
/// </remarks>
internal static partial class ManifestProbe
{
    private const int RusageChildren = -1;

    /// <summary>What is measured: each verb on a large input against the same verb on one object.</summary>
    private static readonly Scenario[] Scenarios =
    [
        new("validate", "20,000 Secrets in one file", [], (dir, scale) => SecretsFile(dir, 20_000 / scale), dir => SecretsFile(dir, 1)),
        new("plan", "2,000 Deployments with their Secrets, a file each, in a directory", ["--pod", "deployment/" + ManifestInputs.Name(0)], (dir, scale) => Applications(dir, 2_000 / scale), dir => Applications(dir, 1)),
        new("check", "2,000 Deployments with their Secrets, a file each, in a directory", [], (dir, scale) => Applications(dir, 2_000 / scale), dir => Applications(dir, 1)),
    ];

    public static int Run(string[] args)
    {
        var scale = 1;
        var rounds = 5;
        string? tool = null;
        string[]? verbs = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--scale":
                    scale = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--tool":
                    tool = args[i + 1];
                    break;
                case "--verbs":
                    verbs = args[i + 1].Split(',');
                    break;
                default:
                    Console.Error.WriteLine("usage: --manifest-probe [--scale N] [--rounds R] [--tool PATH/SecretProjection.Tool.dll] [--verbs validate,plan]");
                    return 2;
            }
        }

        tool ??= FindTool();
        var directory = Directory.CreateTempSubdirectory("secretprojection-manifest-probe-").FullName;
        try
        {
            Console.WriteLine($"tool: {tool}; {rounds} rounds; medians; CPU = user + system");
            foreach (var scenario in Scenarios.Where(s => verbs is null || verbs.Contains(s.Verb)))
            {
                var large = scenario.Large(Path.Combine(directory, scenario.Verb + "-large"), scale);
                var baseline = scenario.Baseline(Path.Combine(directory, scenario.Verb + "-one"));
                var runs = new List<(Usage Baseline, Usage Large)>();
                for (var round = 0; round < rounds; round++)
                {
                    runs.Add((Measure(tool, scenario, baseline), Measure(tool, scenario, large)));
                }

                Report(scenario, scale, large, runs);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary><c>--rusage COMMAND ARGS...</c>: runs the command and prints its wall time, CPU times, peak RSS and exit code.</summary>
    public static int Rusage(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var wall = Stopwatch.GetElapsedTime(started);
        stdout.Wait();
        if (GetRusage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{wall.TotalMilliseconds:F1} {usage.UserTime.Milliseconds:F1} {usage.SystemTime.Milliseconds:F1} {usage.MaxResidentKilobytes} {process.ExitCode}"));
        Console.Error.Write(stderr.Result);
        return 0;
    }

    private static Usage Measure(string tool, Scenario scenario, string input)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[typeof(ManifestProbe).Assembly.Location, "--rusage", "dotnet", tool, scenario.Verb, "-f", input, .. scenario.Arguments])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadToEnd().Trim().Split(' ');
        process.WaitForExit();
        if (process.ExitCode != 0 || line.Length != 5 || line[4] is not ("0" or "1"))
        {
            throw new InvalidOperationException($"{scenario.Verb} -f {input} failed: {string.Join(' ', line)}\n{stderr.Result}");
        }

        return new Usage(
            double.Parse(line[0], CultureInfo.InvariantCulture),
            double.Parse(line[1], CultureInfo.InvariantCulture) + double.Parse(line[2], CultureInfo.InvariantCulture),
            long.Parse(line[3], CultureInfo.InvariantCulture) * 1024);
    }

    private static void Report(Scenario scenario, int scale, string large, List<(Usage Baseline, Usage Large)> runs)
    {
        var bytes = File.Exists(large) ? new FileInfo(large).Length : Directory.EnumerateFiles(large).Sum(f => new FileInfo(f).Length);
        double Median(Func<(Usage Baseline, Usage Large), double> figure) => runs.Select(figure).Order().ElementAt(runs.Count / 2);
        var wall = (Median(r => r.Baseline.WallMs), Median(r => r.Large.WallMs));
        var cpu = (Median(r => r.Baseline.CpuMs), Median(r => r.Large.CpuMs));
        var rss = (Median(r => r.Baseline.PeakRss), Median(r => r.Large.PeakRss));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {scenario.Verb}: {scenario.Description}{(scale == 1 ? string.Empty : $", sizes divided by {scale}")} ({bytes / 1e6:F2} MB) against one object
              wall time  {wall.Item1,8:F0} ms -> {wall.Item2,8:F0} ms   ratio {wall.Item2 / wall.Item1:F2}x   (target <= 2x)
              CPU time   {cpu.Item1,8:F0} ms -> {cpu.Item2,8:F0} ms   ratio {cpu.Item2 / cpu.Item1:F2}x
              peak RSS   {rss.Item1 / 1e6,8:F1} MB -> {rss.Item2 / 1e6,8:F1} MB   above the one-object run: {(rss.Item2 - rss.Item1) / bytes:F2}x the input   (target < 4x)
            """));
    }

    private static string SecretsFile(string path, int count)
    {
        path += ".yaml";
        File.WriteAllText(path, ManifestInputs.Secrets(count));
        return path;
    }

    private static string Applications(string directory, int count)
    {
        ManifestInputs.WriteApplications(directory, count);
        return directory;
    }

    private static string FindTool()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var tool = Path.Combine(dir.FullName, "src", "SecretProjection.Tool", "bin", "Release", "net10.0", "SecretProjection.Tool.dll");
            if (File.Exists(tool))
            {
                return tool;
            }
        }

        throw new InvalidOperationException("SecretProjection.Tool.dll not found: build the tool (dotnet build src/SecretProjection.Tool -c Release) or pass --tool PATH");
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out RUsage usage);

    private sealed record Scenario(string Verb, string Description, string[] Arguments, Func<string, int, string> Large, Func<string, string> Baseline);

    private readonly record struct Usage(double WallMs, double CpuMs, double PeakRss);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;

        public readonly double Milliseconds => (Seconds * 1000.0) + (Microseconds / 1000.0);
    }

    /// <summary>Linux's <c>struct rusage</c> on 64-bit: two times, then fourteen longs, the first the peak RSS in KiB.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct RUsage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxResidentKilobytes;
        private fixed long _rest[13];
    }
}
