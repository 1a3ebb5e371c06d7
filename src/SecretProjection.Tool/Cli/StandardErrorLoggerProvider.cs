using Microsoft.Extensions.Logging;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// Writes the library's warnings and errors to standard error as one line each
/// (<c>secretprojection: warning: ...</c>), and the watch's back-off notes, which the library logs as debug
/// (client-go's reflector logs them at verbosity 4) but which tell a person at a terminal that the API server
/// cannot be reached and that the tool keeps trying. The library's messages name objects, never values.
/// </summary>
internal sealed class StandardErrorLoggerProvider : ILoggerProvider
{
    /// <summary>The event name of the reflector's back-off note (<c>ObjectManagerLog.WatchBackingOff</c>).</summary>
    internal const string WatchBackingOff = "WatchBackingOff";

    /// <summary>The managers' logger category (<c>ObjectManager.LoggerCategory</c>).</summary>
    private const string ObjectManagersCategory = "SecretProjection.ObjectManagers";

    /// <summary>The pod syncs' logger category (<c>PodSync.LoggerCategory</c>).</summary>
    private const string SyncingCategory = "SecretProjection.Syncing";

    /// <summary>The node agent's logger category (<c>NodeAgent.LoggerCategory</c>).</summary>
    private const string AgentCategory = "SecretProjection.Agent";

    private readonly TextWriter _error;
    private readonly Lock _lock = new();

    public StandardErrorLoggerProvider(TextWriter error) => _error = error;

    /// <summary>
    /// The long-running verbs' logging: warnings and errors only, plus the watch's back-off notes; a failed volume
    /// is an event line already, so the syncs' and the agent's own warnings about it are not repeated.
    /// </summary>
    public static void Configure(ILoggingBuilder logging, TextWriter error) => logging
        .ClearProviders()
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter(ObjectManagersCategory, LogLevel.Debug)
        .AddFilter(SyncingCategory, LogLevel.Error)
        .AddFilter(AgentCategory, LogLevel.Error)
        .AddProvider(new StandardErrorLoggerProvider(error));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message)
    {
        var label = level switch
        {
            LogLevel.Critical or LogLevel.Error => "error",
            LogLevel.Warning => "warning",
            _ => "note",
        };

        lock (_lock)
        {
            // Escaped as the tool's other errors are: a message may quote a name or an API server's text.
            _error.WriteLine($"secretprojection: {label}: {PrintableWriter.Escape(message)}");
        }
    }

    private sealed class Logger(StandardErrorLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning || eventId.Name == WatchBackingOff)
            {
                // The formatter's text only: an exception's message could carry what it was given.
                provider.Write(logLevel, formatter(state, exception));
            }
        }
    }
}
