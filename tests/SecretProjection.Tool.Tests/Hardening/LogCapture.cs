using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// An in-memory log sink that takes every record at every level (Trace up) and keeps all a sink could write:
/// the formatted message, every structured value of the state, the scopes open around it (and every scope begun,
/// logged in or not) and the exception with its chain. Records can be awaited, so a test steps on them.
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<CapturedLogRecord> _records = [];
    private readonly List<string> _scopesBegun = [];
    private readonly AsyncLocal<ScopeFrame?> _scope = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A logger factory whose only provider is this capture, at every level.</summary>
    public ILoggerFactory CreateFactory() => LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public IReadOnlyList<CapturedLogRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>Every scope begun, rendered with its values.</summary>
    public IReadOnlyList<string> ScopesBegun
    {
        get
        {
            lock (_lock)
            {
                return [.. _scopesBegun];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <summary>Waits for the first record from index <paramref name="from"/> on that matches; bounded only to turn a hang into a failure.</summary>
    /// <returns>The record and its index.</returns>
    public async Task<(CapturedLogRecord Record, int Index)> WaitForAsync(Func<CapturedLogRecord, bool> match, int from = 0)
    {
        using var bound = new CancellationTokenSource(RunningTool.HangBound);
        while (true)
        {
            Task added;
            lock (_lock)
            {
                for (var i = from; i < _records.Count; i++)
                {
                    if (match(_records[i]))
                    {
                        return (_records[i], i);
                    }
                }

                added = _added.Task;
            }

            try
            {
                await added.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no such log record within {RunningTool.HangBound.TotalSeconds} s; records:\n{string.Join('\n', Records)}");
            }
        }
    }

    /// <summary>Waits for a record of the event named <paramref name="eventName"/> from index <paramref name="from"/> on.</summary>
    public Task<(CapturedLogRecord Record, int Index)> WaitForAsync(string eventName, int from = 0) =>
        WaitForAsync(r => r.EventId.Name == eventName, from);

    public void Dispose()
    {
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(", ", pairs.Select(p => p.Key + "=" + Render(p.Value))),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Render)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string RenderException(Exception exception)
    {
        // ToString() holds the type, message and stack of the exception and of every inner one (all of an
        // AggregateException's); Data is what some sinks add.
        var data = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            data.AddRange(e.Data.Cast<DictionaryEntry>().Select(d => Render(d.Key) + "=" + Render(d.Value)));
        }

        return exception + (data.Count == 0 ? string.Empty : "\ndata: " + string.Join(", ", data));
    }

    private void Add(CapturedLogRecord record)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            _records.Add(record);
            added = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    private sealed record ScopeFrame(string Text, ScopeFrame? Parent);

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var parent = capture._scope.Value;
            var frame = new ScopeFrame(Render(state) + " (" + state + ")", parent);
            lock (capture._lock)
            {
                capture._scopesBegun.Add(frame.Text);
            }

            capture._scope.Value = frame;
            return new ScopeEnd(capture, parent);
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => KeyValuePair.Create(p.Key, Render(p.Value))).ToArray()
                : [KeyValuePair.Create("state", Render(state))];
            var scopes = new List<string>();
            for (var frame = capture._scope.Value; frame is not null; frame = frame.Parent)
            {
                scopes.Insert(0, frame.Text);
            }

            capture.Add(new CapturedLogRecord(category, logLevel, eventId, formatter(state, exception), values, scopes, exception is null ? null : RenderException(exception)));
        }
    }

    private sealed class ScopeEnd(LogCapture capture, ScopeFrame? parent) : IDisposable
    {
        public void Dispose() => capture._scope.Value = parent;
    }
}
