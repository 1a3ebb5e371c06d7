using System.Diagnostics;

namespace SecretProjection.Tool.Tests;

/// <summary>
/// The built tool running as a separate process for a long-running verb (<c>sync</c>): its output lines as they
/// come, signals, and its exit. Every wait is bounded only to turn a hang into a failure.
/// </summary>
internal sealed class RunningTool : IAsyncDisposable
{
    /// <summary>SIGINT, what Ctrl-C sends.</summary>
    public const int Interrupt = 2;

    /// <summary>SIGTERM, what kill and the kubelet's container runtime send.</summary>
    public const int Terminate = 15;

    /// <summary>Bounds every wait: far beyond what any step takes, only a hang reaches it.</summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private TaskCompletionSource _newLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningTool(Process process) => _process = process;

    /// <summary>Every line written to standard output so far.</summary>
    public IReadOnlyList<string> StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return [.. _stdout];
            }
        }
    }

    /// <summary>Everything written to standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>
    /// The environment every start adds. The first list of a watched Secret is bounded by the kubelet's 1 s sync
    /// timeout; a cold process (its JIT, its first connection) on a loaded 2-core machine can take longer, and the
    /// volume would fail once before it works. The tests here are about the verbs' output, not that bound (proved
    /// on a simulated clock in <c>InMemorySyncRun</c>), so they lift it through the environment, as a user can.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BaseEnvironment = new Dictionary<string, string>
    {
        ["SECRETPROJECTION_Objects__SyncTimeout"] = "00:01:00",
    };

    public static RunningTool Start(params string[] args) => Start(args, new Dictionary<string, string>());

    /// <summary>Starts the tool with <paramref name="environment"/> over <see cref="BaseEnvironment"/>.</summary>
    public static RunningTool Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = ToolProcess.RepoRoot,
        };
        foreach (var (name, value) in BaseEnvironment.Concat(environment))
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(ToolProcess.ToolPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var tool = new RunningTool(process);
        process.OutputDataReceived += (_, e) => tool.Add(tool._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => tool.Add(tool._stderr, e.Data);
        process.Exited += (_, _) => tool.Pulse();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Waits for the first standard-output line from index <paramref name="from"/> on that matches.</summary>
    /// <returns>The line and its index.</returns>
    public Task<(string Line, int Index)> WaitForLineAsync(Func<string, bool> match, int from = 0) =>
        WaitAsync(() =>
        {
            for (var i = from; i < _stdout.Count; i++)
            {
                if (match(_stdout[i]))
                {
                    return (_stdout[i], i);
                }
            }

            return null;
        });

    /// <summary>Waits until standard error holds <paramref name="text"/>.</summary>
    public Task WaitForErrorAsync(string text) =>
        WaitAsync(() => _stderr.Any(l => l.Contains(text, StringComparison.Ordinal)) ? (text, 0) : ((string, int)?)null);

    /// <summary>Sends a signal to the process with kill(1).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", ["-s", signal.ToString(System.Globalization.CultureInfo.InvariantCulture), _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {_process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the process to exit, and for its output to be read to the end.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync()
    {
        using var bound = new CancellationTokenSource(HangBound);
        await _process.WaitForExitAsync(bound.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            lines.Add(line);
        }

        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource pulsed;
        lock (_lock)
        {
            pulsed = _newLine;
            _newLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        pulsed.TrySetResult();
    }

    private async Task<(string Line, int Index)> WaitAsync(Func<(string Line, int Index)?> find)
    {
        using var bound = new CancellationTokenSource(HangBound);
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (find() is { } found)
                {
                    return found;
                }

                next = _newLine.Task;
            }

            if (_process.HasExited)
            {
                _process.WaitForExit(); // the redirected streams are read to their end
                lock (_lock)
                {
                    if (find() is { } last)
                    {
                        return last;
                    }
                }

                throw new InvalidOperationException($"the tool exited ({_process.ExitCode}) before the line came.\nstdout:\n{string.Join('\n', StandardOutput)}\nstderr:\n{StandardError}");
            }

            try
            {
                await next.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no such line within {HangBound.TotalSeconds} s.\nstdout:\n{string.Join('\n', StandardOutput)}\nstderr:\n{StandardError}");
            }
        }
    }
}
