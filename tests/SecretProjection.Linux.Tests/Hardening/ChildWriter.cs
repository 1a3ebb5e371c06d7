using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// A <c>SecretProjection.GenerationWriter</c> child process: the real writer in a process of its own (killed with
/// SIGKILL, or one of several racing on a volume). Its output lines are collected as they come; every wait is
/// bounded only to turn a hang into a failure.
/// </summary>
internal sealed class ChildWriter : IDisposable
{
    private static readonly TimeSpan HangBound = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _newLine = new(0);

    private ChildWriter(Process process) => _process = process;

    /// <summary>The last generation it reported as published.</summary>
    public long? LastPublished { get; private set; }

    /// <summary>What it wrote to standard error.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>GenerationWriter VOLUME FIRST [FSGROUP] FLAGS...</c> and waits until it is ready.</summary>
    public static ChildWriter Start(string volume, long first, long? fsGroup, params string[] flags)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SecretProjection.GenerationWriter.dll"));
        start.ArgumentList.Add(volume);
        start.ArgumentList.Add(first.ToString(CultureInfo.InvariantCulture));
        if (fsGroup is { } group)
        {
            start.ArgumentList.Add(group.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var flag in flags)
        {
            start.ArgumentList.Add(flag);
        }

        var child = new ChildWriter(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => child.Add(e.Data);
        child._process.ErrorDataReceived += (_, e) =>
        {
            lock (child._errors)
            {
                child._errors.AppendLine(e.Data);
            }
        };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        child.WaitFor(line => line == "ready");
        return child;
    }

    /// <summary>Sends one line to its standard input.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the next output line that matches, and returns it.</summary>
    /// <exception cref="TimeoutException">It exited, or nothing matched within the hang bound.</exception>
    public string WaitFor(Func<string, bool> match)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_lines)
            {
                var index = _lines.FindIndex(l => match(l));
                if (index >= 0)
                {
                    var line = _lines[index];
                    _lines.RemoveRange(0, index + 1);
                    return line;
                }

                if (_lines.Count > 0 && _lines[^1] == "(end)")
                {
                    throw new TimeoutException("the child exited: " + Errors);
                }
            }

            if (!_newLine.Wait(HangBound - deadline.Elapsed))
            {
                throw new TimeoutException("the child wrote nothing that matched: " + Errors);
            }
        }
    }

    /// <summary>SIGKILL, then waits for it and every line it wrote.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Closes its input (a <c>--stdin</c> child then exits) and waits for it.</summary>
    public void Finish()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(HangBound))
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        _newLine.Dispose();
    }

    private void Add(string? line)
    {
        lock (_lines)
        {
            if (line?.StartsWith("published ", StringComparison.Ordinal) == true)
            {
                LastPublished = long.Parse(line["published ".Length..], CultureInfo.InvariantCulture);
            }

            _lines.Add(line ?? "(end)");
        }

        _newLine.Release();
    }
}
