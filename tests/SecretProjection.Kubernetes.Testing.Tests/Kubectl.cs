using System.Diagnostics;
using System.Threading.Channels;

namespace SecretProjection.Kubernetes.Testing.Tests;

/// <summary>
/// kubectl, when it is on PATH: run once (<see cref="RunAsync"/>) or left running for a watch
/// (<see cref="Start"/>), with a kubeconfig and a discovery cache of its own.
/// </summary>
internal sealed class Kubectl : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private Kubectl(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) => Errors.Add(e.Data ?? string.Empty);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The kubectl on PATH, or <see langword="null"/>.</summary>
    public static string? Path { get; } = (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => System.IO.Path.Combine(directory, "kubectl"))
        .FirstOrDefault(File.Exists);

    /// <summary>Why the kubectl tests skip, or <see langword="null"/> when they run.</summary>
    public static string? SkipReason => Path is null
        ? "kubectl is not on PATH: these tests prove the server's protocol with the real kubectl, and run where it is installed"
        : null;

    public System.Collections.Concurrent.ConcurrentBag<string> Errors { get; } = [];

    /// <summary>Runs kubectl to its end; its exit code, standard output and standard error.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string kubeconfig, CancellationToken cancellationToken, params string[] args)
    {
        using var kubectl = Start(kubeconfig, args);
        var output = new List<string>();
        while (await kubectl.NextLineAsync(cancellationToken) is { } line)
        {
            output.Add(line);
        }

        await kubectl._process.WaitForExitAsync(cancellationToken);
        return (kubectl._process.ExitCode, string.Join('\n', output), string.Join('\n', kubectl.Errors));
    }

    /// <summary>Starts kubectl, for a command that keeps running (a watch); read its lines, dispose to stop it.</summary>
    public static Kubectl Start(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(SkipReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, "--cache-dir", kubeconfig + ".cache", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        return new Kubectl(Process.Start(start)!);
    }

    /// <summary>The next line of standard output; <see langword="null"/> at its end.</summary>
    public async Task<string?> NextLineAsync(CancellationToken cancellationToken) =>
        await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out var line) ? line : null;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

/// <summary>A fact that needs kubectl, skipped with the reason where it is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute() => Skip = Kubectl.SkipReason;
}

/// <summary>A theory that needs kubectl, skipped as <see cref="KubectlFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute() => Skip = Kubectl.SkipReason;
}
