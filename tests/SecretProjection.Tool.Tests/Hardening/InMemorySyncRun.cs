using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;
using static SecretProjection.Tool.Tests.Hardening.ChangeDetectionInputs;
using static SecretProjection.Tool.Tests.Hardening.Redaction;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// The managers and a pod sync over in-memory sources and volumes, logging to a <see cref="LogCapture"/>, with two
/// fake clocks: one for the managers (watch back-off, sync timeout, TTL), moved only once a component waits on it,
/// and one for the sync (retries, the periodic sync). Each run walks one strategy through the paths that log.
/// </summary>
internal sealed class InMemorySyncRun : IAsyncDisposable
{
    /// <summary>The kubelet's first wait before a failed volume is tried again.</summary>
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    private readonly List<object> _produced;
    private readonly ILoggerFactory _loggers;
    private readonly PodSyncOptions _syncOptions = new() { MinProjectionInterval = TimeSpan.Zero };

    private InMemorySyncRun(LogCapture log, List<object> produced, ObjectManagerOptions options)
    {
        Log = log;
        _produced = produced;
        _loggers = log.CreateFactory();
        Secrets.Put(Db());
        Secrets.Put(Frozen);
        ConfigMaps.Put(Settings());
        SecretManager = ObjectManager.ForSecrets(Secrets, options, ObjectsClock, _loggers);
        ConfigMapManager = ObjectManager.ForConfigMaps(ConfigMaps, options, ObjectsClock, _loggers);
        SecretManager.Changed += (_, e) => produced.Add(e);
        produced.AddRange([Secrets, ConfigMaps, ObjectsClock, options, _syncOptions, SecretManager, ConfigMapManager]);
    }

    public LogCapture Log { get; }

    /// <summary>The managers' clock.</summary>
    public SimulatedClock ObjectsClock { get; } = new();

    /// <summary>The sync's clock.</summary>
    public SimulatedClock SyncClock { get; } = new();

    public InMemoryObjectSource<Secret> Secrets { get; } = InMemoryObjectSource.ForSecrets();

    public InMemoryObjectSource<ConfigMap> ConfigMaps { get; } = InMemoryObjectSource.ForConfigMaps();

    public IObjectManager<Secret> SecretManager { get; }

    public IObjectManager<ConfigMap> ConfigMapManager { get; }

    public Dictionary<string, InMemoryVolumeFileSystem> Volumes { get; } = new(StringComparer.Ordinal);

    /// <summary>Watch: initial, retry, change, a failing change handler, every watch and list fault, a deleted key, a deleted Secret, a failed write, periodic; then a sync timeout and a sync that stops on a crash.</summary>
    /// <returns>The volumes the main pod's sync wrote.</returns>
    public static async Task<Dictionary<string, InMemoryVolumeFileSystem>> WatchAsync(LogCapture log, List<object> produced)
    {
        await using var run = new InMemorySyncRun(log, produced, new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Watch });
        await using (var sync = await run.StartAsync(WebPod))
        {
            // The immutable Secret was read once and is no longer watched.
            await run.Secrets.WaitUntilAsync(s => s.OpenWatches == 1 && s.WatchedObjects.SequenceEqual(["shop/db"]), Bounded());

            run.SyncClock.Advance(FirstRetry);
            await sync.UntilAsync("missing", SyncEventKind.VolumeFailed, SyncTrigger.Retry);

            run.Secrets.Put(Db(Rotated(2)));
            await sync.UntilDriftAsync();

            // A change handler that throws is logged, and the watch goes on.
            EventHandler<ObjectChangedEventArgs> failing = (_, _) => throw new InvalidOperationException("a change handler failed");
            run.SecretManager.Changed += failing;
            var from = log.Count;
            run.Secrets.Put(Db(Rotated(3)));
            await sync.UntilAsync("creds", SyncEventKind.VolumeWritten, SyncTrigger.Change);
            await log.WaitForAsync("ChangedHandlerFailed", from);
            run.SecretManager.Changed -= failing;

            await run.WatchFaultsAsync();

            // A deleted key: the projected volume and the container's environment fail.
            run.Secrets.Put(Db(Rotated(4), withToken: false));
            await sync.UntilAsync("picked", SyncEventKind.VolumeFailed, SyncTrigger.Change);
            await sync.UntilDriftAsync();

            // The Secret deleted: every volume that reads it fails, and is tried again.
            run.Secrets.Delete(Namespace, "db");
            await sync.UntilAsync("creds", SyncEventKind.VolumeFailed, SyncTrigger.Change);
            run.SyncClock.Advance(FirstRetry);
            await sync.UntilAsync("creds", SyncEventKind.VolumeFailed, SyncTrigger.Retry);

            // A write that fails keeps the volume; the retry (the third failure in a row waits 2 s) writes it.
            run.Volumes["creds"].FailAt(1);
            run.Secrets.Put(Db());
            await sync.UntilAsync("creds", SyncEventKind.VolumeFailed, SyncTrigger.Change);
            run.SyncClock.Advance(TimeSpan.FromSeconds(4));
            await sync.UntilAsync("creds", SyncEventKind.VolumeWritten, SyncTrigger.Retry);

            run.SyncClock.Advance(run._syncOptions.SyncPeriod);
            await sync.UntilAsync("frozen", SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic);
        }

        await SyncTimeoutAndCrashAsync(log, produced);
        return run.Volumes;
    }

    /// <summary>Cache: a failed fetch with nothing cached, then with the object cached; a change and a deleted Secret seen once the TTL has passed.</summary>
    public static async Task CacheAsync(LogCapture log, List<object> produced)
    {
        await using var run = new InMemorySyncRun(log, produced, new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Cache });
        run.Secrets.FailNextGet("etcdserver: leader changed");
        await using var sync = await run.StartAsync(WebPod);
        await log.WaitForAsync("FetchFailed");
        run.SyncClock.Advance(FirstRetry);
        await sync.UntilAsync("missing", SyncEventKind.VolumeFailed, SyncTrigger.Retry);

        run.Secrets.Put(Db(Rotated(2), withToken: false));
        run.Secrets.FailNextGet("etcdserver: request timed out");
        var from = log.Count;
        await run.PeriodicAfterTtlAsync(sync);
        await log.WaitForAsync("FetchFailed", from);
        await run.PeriodicAfterTtlAsync(sync);
        await run.PeriodicAfterTtlAsync(sync);

        run.Secrets.Delete(Namespace, "db");
        await run.PeriodicAfterTtlAsync(sync);
    }

    /// <summary>Get: a failed read, a change with a deleted key and a deleted Secret, each seen by the periodic sync; then a failed token renewal and a refused Node.</summary>
    public static async Task GetAsync(LogCapture log, List<object> produced)
    {
        await using var run = new InMemorySyncRun(log, produced, new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Get });
        run.Secrets.FailNextGet("etcdserver: leader changed");
        await using var sync = await run.StartAsync(WebPod);
        run.Secrets.Put(Db(Rotated(2), withToken: false));
        await run.PeriodicAfterTtlAsync(sync);
        run.Secrets.Delete(Namespace, "db");
        await run.PeriodicAfterTtlAsync(sync);
        await TokenAndNodeAsync(log, produced);
    }

    /// <summary>
    /// A token (the marker) issued, then a renewal at 80 % of its lifetime that fails, so the token is kept (and
    /// logged as kept, never shown); the pod's Node refused on every pass.
    /// </summary>
    private static async Task TokenAndNodeAsync(LogCapture log, List<object> produced)
    {
        await using var run = new InMemorySyncRun(log, produced, new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Get });
        var cluster = new MarkerCluster(run.SyncClock);
        produced.Add(cluster);
        var pod = new Pod
        {
            Name = "tokens",
            Namespace = Namespace,
            Uid = "uid-tokens",
            NodeName = "node-1",
            Containers = [new Container { Name = "app" }],
            Volumes =
            [
                new Volume { Name = "sa", Projected = new ProjectedVolumeSource { Sources = [new VolumeProjection { ServiceAccountToken = new ServiceAccountTokenProjection { Path = "token", Audience = "api" } }] } },
                new Volume { Name = "cpu", DownwardApi = new DownwardApiVolumeSource { Items = [new DownwardApiVolumeFile { Path = "cpu", ResourceFieldRef = new ResourceFieldSelector { ContainerName = "app", Resource = "limits.cpu" } }] } },
            ],
        };
        var from = log.Count;
        var sync = PodSync.Create(pod, run.SecretManager, run.ConfigMapManager, run.Volume, run._syncOptions, timeProvider: run.SyncClock, loggerFactory: run._loggers, tokens: cluster, cluster: cluster);
        await using var session = new SyncSession(sync, produced);
        await session.UntilEachAsync(SyncTrigger.Initial, "sa", "cpu");
        await log.WaitForAsync("ClusterReadFailed", from);
        await run.SyncClock.WaitForTimersAsync(Bounded());
        cluster.RefuseTokens = true;
        run.SyncClock.Advance(TimeSpan.FromSeconds(2881));
        await log.WaitForAsync("TokenRenewalFailed", from);
    }

    public ValueTask DisposeAsync()
    {
        SecretManager.Dispose();
        ConfigMapManager.Dispose();
        _loggers.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Bounded() => new CancellationTokenSource(RunningTool.HangBound).Token;

    /// <summary>
    /// A read that times out waiting for the first list (the list fails, and the back-off outlasts the sync timeout),
    /// the retry that works once the list does, and a sync whose volume crashes the writer, which stops it.
    /// </summary>
    private static async Task SyncTimeoutAndCrashAsync(LogCapture log, List<object> produced)
    {
        var options = new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Watch, BackoffInitial = TimeSpan.FromSeconds(5) };
        await using var run = new InMemorySyncRun(log, produced, options);
        var late = new Pod
        {
            Name = "late",
            Namespace = Namespace,
            Uid = "uid-late",
            Volumes = [new Volume { Name = "creds", Secret = new SecretVolumeSource { SecretName = "db" } }],
        };
        run.Secrets.FailNextList();
        var from = log.Count;
        await using (var sync = new SyncSession(run.Create(late), produced))
        {
            var (relisting, _) = await log.WaitForAsync("Relisting", from);
            await run.ObjectsClock.AdvanceWhenSetAsync(options.SyncTimeout, Bounded());
            var timedOut = await sync.UntilAsync("creds", SyncEventKind.VolumeFailed, SyncTrigger.Initial);
            Assert.Equal("failed to sync secret cache: timed out waiting for the condition", timedOut.Message);

            await run.ObjectsClock.AdvanceWhenSetAsync(Delay(relisting), Bounded());
            await run.Secrets.WaitUntilAsync(s => s.OpenWatches == 1, Bounded());
            await run.SyncClock.WaitForTimersAsync(Bounded());
            run.SyncClock.Advance(FirstRetry);
            await sync.UntilAsync("creds", SyncEventKind.VolumeWritten, SyncTrigger.Retry);
        }

        var crashing = new InMemoryVolumeFileSystem("/volumes/crash");
        crashing.CrashAt(3);
        await using var stopped = new SyncSession(run.Create(late with { Name = "crash", Uid = "uid-crash" }, _ => crashing), produced);
        var error = await stopped.UntilEndAsync();
        Assert.IsType<SimulatedCrashException>(error is ChannelClosedException ? error.InnerException : error);
        produced.Add(error!);
    }

    private static TimeSpan Delay(CapturedLogRecord wait) => TimeSpan.Parse(wait.Value("Delay")!, CultureInfo.InvariantCulture);

    private IPodSync Create(Pod pod, Func<string, IVolumeFileSystem>? volumes = null) =>
        PodSync.Create(pod, SecretManager, ConfigMapManager, volumes ?? Volume, _syncOptions, timeProvider: SyncClock, loggerFactory: _loggers);

    /// <summary>Starts the sync of <paramref name="pod"/> and reads its initial events, until it waits.</summary>
    private async Task<SyncSession> StartAsync(Pod pod)
    {
        var sync = new SyncSession(Create(pod), _produced);
        await sync.UntilEachAsync(SyncTrigger.Initial, [.. pod.Volumes.Select(v => v.Name)]);

        // The sync sets its periodic due time after the initial events: move its clock only once it waits.
        await SyncClock.WaitForTimersAsync(Bounded());
        return sync;
    }

    private InMemoryVolumeFileSystem Volume(string name)
    {
        if (!Volumes.TryGetValue(name, out var volume))
        {
            volume = Volumes[name] = new InMemoryVolumeFileSystem("/volumes/" + name);
            _produced.Add(volume);
        }

        return volume;
    }

    /// <summary>Lets the cache's TTL pass, then the sync period; reads the periodic sync of every volume.</summary>
    private async Task PeriodicAfterTtlAsync(SyncSession sync)
    {
        ObjectsClock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        SyncClock.Advance(_syncOptions.SyncPeriod);
        await sync.UntilEachAsync(SyncTrigger.Periodic, [.. sync.Sync.Pod.Volumes.Select(v => v.Name)]);
    }

    /// <summary>
    /// Every way a watch or list of <c>db</c> fails, one at a time: each is scripted on the source, the open watch is
    /// ended (after a bookmark, so that the reflector simply watches again), the clock is moved by each back-off the
    /// reflector logs, and the step ends once a new watch is open.
    /// </summary>
    private async Task WatchFaultsAsync()
    {
        await FaultAsync("WatchExpired", waits: 1, watches: 2, () => Secrets.ExpireNextWatch(asErrorEvent: true));
        await FaultAsync("WatchExpired", waits: 1, watches: 2, () => Secrets.ExpireNextWatch(asErrorEvent: false));
        await FaultAsync("WatchBackingOff", waits: 1, watches: 2, () => Secrets.FailNextWatch());
        await FaultAsync("WatchBackingOff", waits: 1, watches: 2, () => Secrets.FailNextWatch(new SourceStatus(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later")));
        await FaultAsync("WatchFailed", waits: 1, watches: 2, () => Secrets.FailNextWatch(new SourceStatus(500, "InternalError", "etcdserver: request timed out")));
        await FaultAsync("WatchFailed", waits: 1, watches: 2, () =>
        {
            Secrets.FailNextWatch(new SourceStatus(500, "InternalError", "etcdserver: request timed out"));
            Secrets.ExpireNextList();
        });
        await FaultAsync("ListAndWatchFailed", waits: 2, watches: 2, () =>
        {
            Secrets.FailNextWatch(new SourceStatus(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
            Secrets.FailNextList();
        });

        // A watch that ends at once without an event, which the last step's fresh watch is.
        await FaultAsync("ListAndWatchFailed", waits: 1, watches: 1, Secrets.EndOpenWatches, restart: false);
    }

    private async Task FaultAsync(string logged, int waits, int watches, Action inject, bool restart = true)
    {
        var from = Log.Count;
        var calls = Secrets.WatchCalls;
        inject();
        if (restart)
        {
            Secrets.Bookmark();
            Secrets.EndOpenWatches();
        }

        for (int i = 0, index = from; i < waits; i++)
        {
            var (wait, at) = await Log.WaitForAsync(r => r.EventId.Name is "Relisting" or "WatchBackingOff", index);
            index = at + 1;
            await ObjectsClock.AdvanceWhenSetAsync(Delay(wait), Bounded());
        }

        await Log.WaitForAsync(logged, from);
        await Secrets.WaitUntilAsync(s => s.WatchCalls >= calls + watches && s.OpenWatches == 1, Bounded());
    }

    /// <summary>Issues the marker as a token until told to refuse; refuses every Node.</summary>
    private sealed class MarkerCluster(TimeProvider clock) : IServiceAccountTokenSource, IClusterObjectSource
    {
        public bool RefuseTokens { get; set; }

        public Task<ServiceAccountToken> RequestAsync(string @namespace, string serviceAccountName, TokenRequestSpec spec, CancellationToken cancellationToken = default) =>
            RefuseTokens
                ? throw new ObjectSourceException($"serviceaccounts \"{serviceAccountName}\" is forbidden")
                : Task.FromResult(new ServiceAccountToken(spec, Marker, clock.GetUtcNow().AddSeconds(spec.ExpirationSeconds ?? 3600)));

        public Task<LookupResult<Node>> GetNodeAsync(string name, CancellationToken cancellationToken = default) =>
            Task.FromResult(LookupResult<Node>.Failed($"nodes \"{name}\" is forbidden"));

        public Task<LookupResult<IReadOnlyList<ClusterTrustBundle>>> ListClusterTrustBundlesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(LookupResult<IReadOnlyList<ClusterTrustBundle>>.NotFound());
    }
}
