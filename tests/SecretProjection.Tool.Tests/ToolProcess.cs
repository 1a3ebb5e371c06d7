using System.Diagnostics;

namespace SecretProjection.Tool.Tests;

/// <summary>Runs the built tool as a separate process, as people and other programs do.</summary>
internal static class ToolProcess
{
    /// <summary>The repository root (where SecretProjection.sln is).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The built tool, run as <c>dotnet TOOL ARGS</c>: its own build output (same configuration and framework as these
    /// tests), not the copy beside them. The tests host the loopback API server, whose ASP.NET Core framework then
    /// serves the Microsoft.Extensions assemblies here, so the tool's own copies of them are not beside its copy.
    /// </summary>
    public static string ToolPath { get; } = FindTool();

    private static string FindTool()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = framework.Parent!;
        return Path.Combine(RepoRoot, "src", "SecretProjection.Tool", "bin", configuration.Name, framework.Name, "SecretProjection.Tool.dll");
    }

    public static string Sample(string relative) => Path.Combine(RepoRoot, "samples", relative);

    public static ToolResult Run(params string[] args) => Run(args, standardInput: null);

    /// <summary>
    /// Runs the tool; with <paramref name="umask"/>, in a shell that sets it first (inherited, and per process); with
    /// <paramref name="environment"/>, with these variables set (a null value removes one).
    /// </summary>
    public static ToolResult Run(IEnumerable<string> args, string? standardInput, string? workingDirectory = null, string? umask = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var tool = ToolPath;
        var start = new ProcessStartInfo(umask is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        if (umask is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("umask " + umask + " && exec dotnet \"$0\" \"$@\"");
        }

        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the tool did not exit within two minutes");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecretProjection.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecretProjection.sln not found above the test directory");
    }
}

/// <summary>What a tool run gave.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);
