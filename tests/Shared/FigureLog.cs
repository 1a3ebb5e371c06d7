using System.Globalization;
using Xunit.Abstractions;

namespace SecretProjection.TestSupport;

/// <summary>
/// The test output of a class whose lines are figures a guarantee rests on (trials, counts, latencies): each line
/// goes to xunit's output, which <c>dotnet test</c> shows only for a failing test, and is also appended to
/// <c>TestResults/figures.log</c> at the repository root (or to <c>$SECRETPROJECTION_FIGURES</c>), which CI prints
/// after the tests, so the figures of passing tests are in every CI run.
/// </summary>
internal sealed class FigureLog(ITestOutputHelper inner, string source) : ITestOutputHelper
{
    public const string Variable = "SECRETPROJECTION_FIGURES";

    private static readonly Lock Gate = new();

    private static readonly string? Path = System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : DefaultPath();

    /// <summary>Wraps <paramref name="output"/> for the test class <typeparamref name="T"/>.</summary>
    public static ITestOutputHelper For<T>(ITestOutputHelper output) => new FigureLog(output, typeof(T).Name);

    public void WriteLine(string message)
    {
        inner.WriteLine(message);
        if (Path is null)
        {
            return;
        }

        var lines = string.Concat(message.Split('\n').Select(line => $"{source}: {Printable(line.TrimEnd('\r'))}\n"));
        lock (Gate)
        {
            // One append per call: test projects run in parallel processes, and O_APPEND keeps their lines whole.
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.AppendAllText(Path, lines);
        }
    }

    public void WriteLine(string format, params object[] args) => WriteLine(string.Format(CultureInfo.InvariantCulture, format, args));

    /// <summary>Control characters (a hostile path's NUL or escape) as <c>\u0000</c>, so the log stays text.</summary>
    private static string Printable(string line) =>
        line.Any(char.IsControl) ? string.Concat(line.Select(c => char.IsControl(c) && c != '\t' ? $"\\u{(int)c:x4}" : c.ToString())) : line;

    /// <summary><c>TestResults/figures.log</c> beside <c>SecretProjection.sln</c>, found upwards from the test binaries.</summary>
    private static string? DefaultPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "SecretProjection.sln")))
            {
                return System.IO.Path.Combine(directory.FullName, "TestResults", "figures.log");
            }
        }

        return null;
    }
}
