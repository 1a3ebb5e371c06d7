using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RotatingApp;

/// <summary>
/// Stands for the part of an application that owns database connections: it takes the connection string at
/// start and again at each rotation, where a real application would swap its connection pool.
/// </summary>
internal sealed partial class ConnectionReporter(IOptionsMonitor<DatabaseOptions> database, ILogger<ConnectionReporter> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarted(logger, Environment.ProcessId, Redacted(database.CurrentValue.ConnectionString));
        _subscription = database.OnChange(options => LogRotated(logger, Environment.ProcessId, Redacted(options.ConnectionString)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    // Secrets never reach the log: passwords are masked, the rest shows which database is in use.
    private static string Redacted(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in builder.Keys.Cast<string>().ToList())
        {
            if (key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase))
            {
                builder[key] = "***";
            }
        }

        return builder.ConnectionString;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "process {ProcessId} connects with: {ConnectionString}")]
    private static partial void LogStarted(ILogger logger, int processId, string connectionString);

    [LoggerMessage(Level = LogLevel.Information, Message = "process {ProcessId} rotated, connects with: {ConnectionString}")]
    private static partial void LogRotated(ILogger logger, int processId, string connectionString);
}
