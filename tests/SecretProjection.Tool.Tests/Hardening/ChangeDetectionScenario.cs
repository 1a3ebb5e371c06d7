using System.Diagnostics;
using System.Runtime.Versioning;
using SecretProjection.Testing.Volumes;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// Change detection driven through every path that logs, with the marker in every value: the Watch, Cache and Get
/// strategies over in-memory sources with fake clocks, and the library wired by dependency injection over the real
/// KubernetesClient and a loopback API server, and the node agent. Run once for the redaction tests that read it: the log records of
/// each run, and every object the runs produced (events, change arguments, sources, servers, options, failures)
/// for the <c>ToString()</c> walk.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ChangeDetectionScenario : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("secretprojection-redaction-sync-").FullName;

    /// <summary>The log of each run, by name.</summary>
    internal IReadOnlyList<(string Run, LogCapture Log)> Logs { get; } =
        [("watch", new LogCapture()), ("cache", new LogCapture()), ("get", new LogCapture()), ("loopback", new LogCapture()), ("agent", new LogCapture())];

    /// <summary>Every object the runs produced.</summary>
    internal List<object> Produced { get; } = [];

    /// <summary>The volumes the Watch run's pod sync wrote (the last write restored the first version of <c>db</c>).</summary>
    internal Dictionary<string, InMemoryVolumeFileSystem> WatchVolumes { get; private set; } = [];

    /// <summary>How long each run took, by name.</summary>
    internal Dictionary<string, TimeSpan> Durations { get; } = [];

    public async Task InitializeAsync()
    {
        await RunAsync(0, async log => WatchVolumes = await InMemorySyncRun.WatchAsync(log, Produced));
        await RunAsync(1, log => InMemorySyncRun.CacheAsync(log, Produced));
        await RunAsync(2, log => InMemorySyncRun.GetAsync(log, Produced));
        await RunAsync(3, log => LoopbackSyncRun.RunAsync(log, Produced, _directory));
        await RunAsync(4, log => AgentRun.RunAsync(log, Produced));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task RunAsync(int index, Func<LogCapture, Task> run)
    {
        var (name, log) = Logs[index];
        var clock = Stopwatch.StartNew();
        try
        {
            await run(log);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"the {name} run failed: {e.Message}\nits log:\n{string.Join('\n', log.Records)}", e);
        }

        Durations[name] = clock.Elapsed;
    }
}
