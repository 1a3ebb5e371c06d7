using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SecretProjection.Benchmarks.Writing;

/// <summary>
/// Runs one <see cref="AtomicWriterBenchmarks"/> method in a plain loop, for figures that do not depend on how
/// busy the machine is: <c>--syscall-probe</c> brackets each invocation with look-ups of two marker paths so that
/// <c>benchmarks/syscalls.sh</c> can count its system calls under <c>strace</c>; <c>--cpu-probe</c> prints the
/// process CPU time per invocation (garbage collection included) and the bytes it allocated.
/// </summary>
/// <remarks>
/// Arguments after the mode: <c>METHOD KEYS COUNT [FSGROUP]</c>. The CPU probe warms up for two seconds first,
/// so that tiered compilation has replaced the first code with its optimized code, as BenchmarkDotNet's
/// warm-up does; the CPU time of a process does not grow with the machine's load as wall-clock time does,
/// though it still varies with it (shared caches), so compare the minimum of a few runs.
/// </remarks>
internal static partial class WriterProbe
{
    public const string BeginMarker = "/secretprojection-syscall-probe/begin";
    public const string EndMarker = "/secretprojection-syscall-probe/end";

    private const int ClockProcessCpuTime = 2;

    public static int Run(string mode, string[] args)
    {
        if (args.Length is < 3 or > 4 || mode is not ("--syscall-probe" or "--cpu-probe"))
        {
            Console.Error.WriteLine("usage: --syscall-probe|--cpu-probe Floor|FirstWrite|OneKeyUpdate|UnchangedRewrite|UnchangedRewriteByNewWriter KEYS COUNT [FSGROUP]");
            return 2;
        }

        var benchmarks = new AtomicWriterBenchmarks
        {
            Keys = int.Parse(args[1], CultureInfo.InvariantCulture),
            FsGroup = args.Length == 4 ? long.Parse(args[3], CultureInfo.InvariantCulture) : null,
        };
        var method = args[0];
        Action operation = method switch
        {
            nameof(AtomicWriterBenchmarks.Floor) => benchmarks.Floor,
            nameof(AtomicWriterBenchmarks.FirstWrite) => () => benchmarks.FirstWrite(),
            nameof(AtomicWriterBenchmarks.OneKeyUpdate) => () => benchmarks.OneKeyUpdate(),
            nameof(AtomicWriterBenchmarks.UnchangedRewrite) => () => benchmarks.UnchangedRewrite(),
            nameof(AtomicWriterBenchmarks.UnchangedRewriteByNewWriter) => () => benchmarks.UnchangedRewriteByNewWriter(),
            _ => throw new ArgumentException($"unknown method {method}"),
        };
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var syscalls = mode == "--syscall-probe";
        var cpu = 0L;
        var allocated = 0L;
        benchmarks.Setup();
        try
        {
            // Warm up long enough for tiered compilation to reach its optimized code, as BenchmarkDotNet does.
            var warmUpEnds = Stopwatch.GetTimestamp() + (syscalls ? 0 : 2 * Stopwatch.Frequency);
            for (var i = 0; i < 50 || (!syscalls && (i < 200 || Stopwatch.GetTimestamp() < warmUpEnds)); i++)
            {
                Invoke(benchmarks, method, operation);
            }

            for (var i = 0; i < count; i++)
            {
                _ = syscalls && File.Exists(BeginMarker);
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var start = CpuNanoseconds();
                Invoke(benchmarks, method, operation, cleanUp: false);
                cpu += CpuNanoseconds() - start;
                allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
                _ = syscalls && File.Exists(EndMarker);
                Invoke(benchmarks, method, operation: null);
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }

        if (!syscalls)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{method,-16} keys={benchmarks.Keys,-3} cpu={cpu / 1000.0 / count:F1} us allocated={allocated / count} B"));
        }

        return 0;
    }

    // The operation, then (outside what is measured) the removal of the volumes FirstWrite made.
    private static void Invoke(AtomicWriterBenchmarks benchmarks, string method, Action? operation, bool cleanUp = true)
    {
        operation?.Invoke();
        if (cleanUp && method == nameof(AtomicWriterBenchmarks.FirstWrite))
        {
            benchmarks.RemoveFreshVolumes();
        }
    }

    private static long CpuNanoseconds()
    {
        var time = default(TimeSpec);
        return ClockGettime(ClockProcessCpuTime, ref time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : throw new InvalidOperationException("clock_gettime failed");
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGettime(int clock, ref TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
