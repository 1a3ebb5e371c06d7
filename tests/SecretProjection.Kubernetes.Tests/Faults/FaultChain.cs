using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;
using SecretProjection.Testing.Time;
using SecretProjection.TestSupport;
using k8s;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// The whole chain on the real API path: the loopback API server ← the real KubernetesClient ←
/// <see cref="KubernetesSources"/> ← the Secret manager (<see cref="ObjectManager.ForSecrets"/>) ← a
/// <see cref="PodSync"/> of the pod <c>shop/web</c>, whose secret volume <c>db</c> is an in-memory volume that
/// records every generation it publishes. One per test.
/// </summary>
/// <remarks>
/// <para>
/// Clocks: the managers run on a <see cref="SimulatedClock"/> with client-go's backoff (0.8 s doubling to 30 s,
/// reset after 2 min): by default its pump advances to each backoff wait as soon as it is set, so waits cost no
/// real time and the simulated time is the time spent waiting plus what a test steps. Their sync timeout is an hour, beyond the
/// pump's horizon, so a read waits for the first list however long the faults last. The pod sync runs on the real
/// clock with changes projected at once and, for the Watch strategy, no periodic sync within a test (a day): what
/// reaches the volume came through the watch, not the safety net. The Get and Cache strategies have no watch, so
/// they get a short periodic sync; the Cache strategy a zero TTL, so it fetches on each read and falls back to the
/// last good answer when a fetch fails.
/// </para>
/// <para>Every wait on the chain is for a condition, bounded by <see cref="Hang"/> only.</para>
/// </remarks>
internal sealed class FaultChain : IAsyncDisposable
{
    /// <summary>Bounds a hang only: every wait ends on its condition long before.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(45);

    private readonly CancellationTokenSource _deadline = new(Hang);
    private readonly CancellationTokenSource _stop = new();
    private readonly TestMeterFactory _meters = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly MetricCollector<long> _relists;
    private readonly MetricCollector<long> _restarts;
    private readonly List<SyncEvent> _events = [];
    private readonly Conditions _eventWaiters = new();
    private readonly ConcurrentQueue<string?> _changed = new();
    private readonly Conditions _changeWaiters = new();
    private readonly List<(int Generation, long ResourceVersion)> _written = [];
    private readonly PodSyncOptions _syncOptions;
    private Task? _run;

    public FaultChain(ChangeDetectionStrategy strategy = ChangeDetectionStrategy.Watch, bool pump = true)
    {
        Server = LoopbackApiServer.Start();
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
        Sources = KubernetesSources.Create(Client);
        _relists = new MetricCollector<long>(_meters, "SecretProjection", "secretprojection.watch.relists");
        _restarts = new MetricCollector<long>(_meters, "SecretProjection", "secretprojection.watch.restarts");
        _loggerFactory = new LoggerFactory([_logs]);
        var options = new ObjectManagerOptions { Strategy = strategy, SyncTimeout = TimeSpan.FromHours(1), Ttl = TimeSpan.Zero };
        Secrets = ObjectManager.ForSecrets(Sources.Secrets, options, Clock, _loggerFactory, _meters);
        ConfigMaps = ObjectManager.ForConfigMaps(Sources.ConfigMaps, options, Clock, _loggerFactory, _meters);
        Secrets.Changed += (_, e) =>
        {
            _changed.Enqueue(e.ResourceVersion);
            _changeWaiters.Notify();
        };
        _syncOptions = new PodSyncOptions
        {
            SyncPeriod = strategy == ChangeDetectionStrategy.Watch ? TimeSpan.FromDays(1) : TimeSpan.FromMilliseconds(10),
            MinProjectionInterval = TimeSpan.Zero,
        };
        if (pump)
        {
            Clock.StartAutoAdvance();
        }
    }

    public LoopbackApiServer Server { get; }

    public IKubernetes Client { get; }

    public KubernetesSources Sources { get; }

    /// <summary>
    /// The managers' clock; the backoff's maximum wait is 60 s (30 s and as much jitter), well within its horizon, and
    /// the sync timeout (an hour) beyond it.
    /// </summary>
    public SimulatedClock Clock { get; } = new() { Horizon = TimeSpan.FromMinutes(2) };

    /// <summary>The backoff waits the reflectors set so far: the clock's timers within its horizon.</summary>
    public IReadOnlyList<TimeSpan> Waits => Clock.TimersSet.Where(due => due > TimeSpan.Zero && due <= Clock.Horizon).ToArray();

    public IObjectManager<Secret> Secrets { get; }

    public IObjectManager<ConfigMap> ConfigMaps { get; }

    public RecordingVolume Volume { get; } = new();

    public CancellationToken Deadline => _deadline.Token;

    public static Pod Pod { get; } = new()
    {
        Namespace = Generations.Namespace,
        Name = "web",
        Uid = "uid-web",
        Containers = [new Container { Name = "app", VolumeMounts = [new VolumeMount { Name = "db", MountPath = "/etc/db" }] }],
        Volumes = [new Volume { Name = "db", Secret = new SecretVolumeSource { SecretName = Generations.SecretName } }],
    };

    /// <summary>What the pod sync reported so far.</summary>
    public IReadOnlyList<SyncEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The resourceVersions the Secret manager reported changes at, in order.</summary>
    public IReadOnlyList<string?> Changes => [.. _changed];

    /// <summary>Every generation written to the server, with the resourceVersion it got.</summary>
    public IReadOnlyList<(int Generation, long ResourceVersion)> Written
    {
        get
        {
            lock (_written)
            {
                return [.. _written];
            }
        }
    }

    public IEnumerable<RecordedRequest> Lists => Server.State.Requests.Where(r => Kind(r) == "list");

    public IEnumerable<RecordedRequest> Watches => Server.State.Requests.Where(r => Kind(r) == "watch");

    public IEnumerable<RecordedRequest> Gets => Server.State.Requests.Where(r => Kind(r) == "get");

    /// <summary>What a request to the server was: <c>list</c>, <c>watch</c> or <c>get</c>.</summary>
    public static string Kind(RecordedRequest request) =>
        request.IsWatch ? "watch" : request.Path.EndsWith("/secrets", StringComparison.Ordinal) ? "list" : "get";

    /// <summary>Writes generation <paramref name="generation"/> of the Secret to the server.</summary>
    /// <returns>The resourceVersion it got.</returns>
    public long Write(int generation)
    {
        var resourceVersion = long.Parse(Server.State.PutSecret(Generations.Secret(generation)), CultureInfo.InvariantCulture);
        lock (_written)
        {
            _written.Add((generation, resourceVersion));
        }

        return resourceVersion;
    }

    /// <summary>Starts the pod sync (it registers the pod, which starts the Secret's watch).</summary>
    public void Start()
    {
        var sync = PodSync.Create(Pod, Secrets, ConfigMaps, _ => Volume, _syncOptions, timeProvider: TimeProvider.System, loggerFactory: _loggerFactory, meterFactory: _meters);
        _run = Task.Run(async () =>
        {
            await foreach (var syncEvent in sync.RunAsync(_stop.Token))
            {
                lock (_events)
                {
                    _events.Add(syncEvent);
                }

                _eventWaiters.Notify();
            }
        });
    }

    /// <summary>
    /// Completes once the volume has published <paramref name="generation"/> as its latest generation, and the pod
    /// sync has reported it (it reports a write after the writer's swap).
    /// </summary>
    public async Task WaitForProjectedAsync(int generation)
    {
        await Bounded(Volume.WaitForAsync(files => Generations.Of(files) == generation, Deadline), "generation " + generation.ToString(CultureInfo.InvariantCulture));
        await WaitForEventsAsync(e => e.Kind == SyncEventKind.VolumeWritten, Volume.Published.Count);
    }

    /// <summary>Completes once the Secret manager has reported at least <paramref name="count"/> changes.</summary>
    public Task WaitForChangesAsync(int count) =>
        Bounded(_changeWaiters.WaitAsync(() => _changed.Count >= count, Deadline), count.ToString(CultureInfo.InvariantCulture) + " changes");

    /// <summary>Completes once the pod sync has reported at least <paramref name="count"/> matching events.</summary>
    public Task WaitForEventsAsync(Func<SyncEvent, bool> match, int count = 1) =>
        Bounded(_eventWaiters.WaitAsync(() => Events.Count(match) >= count, Deadline), count.ToString(CultureInfo.InvariantCulture) + " sync events");

    /// <summary>Completes once the reflector's watch is open at the server.</summary>
    public Task WaitForWatchAsync() => Bounded(Server.State.WaitForOpenWatchesAsync(1, Deadline), "open watch");

    /// <summary>Completes once the server has received at least <paramref name="count"/> matching requests.</summary>
    public Task WaitForRequestsAsync(Func<RecordedRequest, bool> match, int count = 1) =>
        Bounded(Server.State.WaitForRequestsAsync(match, count, Deadline), count.ToString(CultureInfo.InvariantCulture) + " requests");

    /// <summary>Completes once the server has received a watch from <paramref name="resourceVersion"/>: the reflector is in step again.</summary>
    public Task WaitForWatchFromAsync(string resourceVersion) =>
        WaitForRequestsAsync(r => r.IsWatch && r.QueryValue("resourceVersion") == resourceVersion);

    /// <summary>With the pump paused: completes once the reflector waits out a backoff.</summary>
    public Task WaitForBackoffAsync() => Bounded(Clock.NextDueAsync(Deadline), "backoff wait");

    /// <summary>The length of the next backoff wait the reflector sets (the pump off).</summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        while (true)
        {
            var wait = Clock.NextTimerAsync(Deadline);
            await Bounded(wait, "backoff wait");
            if (await wait is var due && due > TimeSpan.Zero && due <= Clock.Horizon)
            {
                return due;
            }
        }
    }

    /// <summary>A wait on the chain; if it hangs, the failure says where the chain stood, with its log.</summary>
    public async Task Bounded(Task wait, string what)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException) when (Deadline.IsCancellationRequested)
        {
            string[] state =
            [
                $"no {what} within {Hang}; {Clock}; published generations {string.Join(",", Volume.Published.Select(Generations.Of))}",
                Figures(),
                "last requests:",
                .. Server.State.Requests.TakeLast(20).Select(r => r.ToString()),
                "last log lines:",
                .. _logs.Collector.GetSnapshot().TakeLast(40).Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Level} {r.Category}: {r.Message}"),
            ];
            throw new TimeoutException(string.Join('\n', state));
        }
    }

    /// <summary>
    /// Stops the server and restarts it on the same port. While it is down, <paramref name="whileDown"/> runs (a write,
    /// a compaction) and then <paramref name="downtime"/> of simulated time passes with the pump paused, so that the
    /// reflector retries against the stopped server exactly as often as its backoff allows in that time.
    /// </summary>
    /// <returns>How many backoff waits ended while the server was down.</returns>
    public async Task<int> RestartServerAsync(TimeSpan downtime, Func<Task>? whileDown = null)
    {
        Clock.PauseAutoAdvance();
        try
        {
            await Server.StopAsync();
            if (whileDown is not null)
            {
                await whileDown();
            }

            return downtime > TimeSpan.Zero ? await Clock.AdvanceThroughAsync(downtime, Deadline) : 0;
        }
        finally
        {
            await Server.RestartAsync();
            Clock.ResumeAutoAdvance();
        }
    }

    /// <summary>
    /// The server answers every request with <paramref name="statusCode"/> for <paramref name="duration"/> of
    /// simulated time (the pump paused, each backoff wait fired in turn); the open watch is dropped first, so the
    /// reflector meets the outage at once.
    /// </summary>
    /// <returns>The requests the server answered with the fault.</returns>
    public async Task<int> OutageAsync(TimeSpan duration, int statusCode)
    {
        Clock.PauseAutoAdvance();
        var before = Server.State.Requests.Count;
        try
        {
            Server.State.FailNextRequests(int.MaxValue, statusCode);
            Server.State.DropWatches();
            await Clock.AdvanceThroughAsync(duration, Deadline);
            return Server.State.Requests.Count - before;
        }
        finally
        {
            Server.State.FailNextRequests(0);
            Clock.ResumeAutoAdvance();
        }
    }

    /// <summary>The relists (lists after the first) by reason: <c>retry</c> after a failed cycle, <c>expired</c> after a list answered 410.</summary>
    public long Relists(string? reason = null) => Sum(_relists, reason);

    /// <summary>The watches opened again without a list, by reason: <c>closed</c> (the stream ended) or <c>backoff</c> (unreachable or throttled).</summary>
    public long WatchRestarts(string? reason = null) => Sum(_restarts, reason);

    /// <summary>
    /// The chain's end state: every published generation is a whole generation the server held, they only go
    /// forward (so no generation was written twice), the last is what a container sees and byte for byte the
    /// Secret the server holds now, and the manager serves the server's resourceVersion.
    /// </summary>
    public async Task AssertConvergedAsync()
    {
        var server = ServerSecret();
        var published = Volume.Published.Select(Generations.Of).ToList();
        var written = Written.Select(w => w.Generation).ToHashSet();
        Assert.All(published, generation => Assert.True(generation is { } g && written.Contains(g), $"published a generation the server never held: {generation?.ToString(CultureInfo.InvariantCulture) ?? "mixed or unknown"}"));
        Assert.True(published.SequenceEqual(published.Order().Distinct()), "published generations go back or repeat: " + string.Join(",", published));
        Assert.Equal(Generations.Of(server.Data), published[^1]);
        var visible = Volume.Visible();
        Assert.Equal(server.Data.Keys.Order(StringComparer.Ordinal), visible.Keys.Order(StringComparer.Ordinal));
        Assert.All(server.Data, e => Assert.Equal(e.Value, visible[e.Key]));

        var cached = await Secrets.GetAsync(Generations.Namespace, Generations.SecretName, Deadline);
        Assert.Equal(LookupStatus.Found, cached.Status);
        Assert.Equal(server.ResourceVersion, cached.Value!.ResourceVersion);
    }

    /// <summary>The figures worth printing.</summary>
    public string Figures() => string.Create(
        CultureInfo.InvariantCulture,
        $"writes={Written.Count} generationsPublished={Volume.Published.Count} volumeWritten={Count(SyncEventKind.VolumeWritten)} volumeUnchanged={Count(SyncEventKind.VolumeUnchanged)} volumeFailed={Count(SyncEventKind.VolumeFailed)} " +
        $"requests={Server.State.Requests.Count} lists={Lists.Count()} watches={Watches.Count()} gets={Gets.Count()} relists={Relists()} (retry={Relists("retry")} expired={Relists("expired")}) " +
        $"watchRestarts={WatchRestarts()} (closed={WatchRestarts("closed")} backoff={WatchRestarts("backoff")}) backoffWaits={Waits.Count} simulated={Clock.Elapsed.TotalSeconds:F1}s");

    public int Count(SyncEventKind kind) => Events.Count(e => e.Kind == kind);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Hang);
        }

        Secrets.Dispose();
        ConfigMaps.Dispose();
        await Clock.DisposeAsync();
        Sources.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
        _relists.Dispose();
        _restarts.Dispose();
        _meters.Dispose();
        _loggerFactory.Dispose();
        _logs.Dispose();
        _deadline.Dispose();
        _stop.Dispose();
    }

    private static long Sum(MetricCollector<long> collector, string? reason) =>
        collector.GetMeasurementSnapshot()
            .Where(m => reason is null || Equals(m.Tags.GetValueOrDefault("reason"), reason))
            .Sum(m => m.Value);

    /// <summary>The Secret as the server holds it now: its resourceVersion and its decoded data.</summary>
    private (string ResourceVersion, Dictionary<string, byte[]> Data) ServerSecret()
    {
        var json = JsonNode.Parse(Server.State.GetJson("Secret", Generations.Namespace, Generations.SecretName)!)!;
        var data = json["data"]!.AsObject().ToDictionary(e => e.Key, e => Convert.FromBase64String(e.Value!.GetValue<string>()), StringComparer.Ordinal);
        return (json["metadata"]!["resourceVersion"]!.GetValue<string>(), data);
    }
}
