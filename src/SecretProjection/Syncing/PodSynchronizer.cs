using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecretProjection.Diagnostics;
using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Projection;
using SecretProjection.Sources;
using SecretProjection.Writing;

namespace SecretProjection.Syncing;

/// <summary>
/// The pod sync: what the kubelet's volume manager does on each pod sync (plan every volume from the managers'
/// objects and write it atomically), plus re-projection on watch events, which upstream tried in
/// kubernetes/kubernetes#104309 and #117431 and never merged.
/// </summary>
/// <remarks>
/// One loop does all the work, so volumes are never written concurrently. It waits for the earliest of: a change
/// reported by a manager, the due time of a rate-limited projection, the periodic sync. Every pass reads all the
/// pod's objects through the managers (local reads under the Watch strategy), so the planner and the env resolver
/// see one consistent lookup. The pod itself is replaced when its source has a newer one (<see cref="PodFollowing"/>
/// or <see cref="IPodUpdates.UpdatePod"/>): its downwardAPI volumes are projected again at once, as the kubelet's
/// sync of an updated pod rewrites them; its deletion ends the sync.
/// </remarks>
internal sealed class PodSynchronizer : IPodSync, IPodUpdates
{
    private readonly IObjectManager<Secret> _secrets;
    private readonly IObjectManager<ConfigMap> _configMaps;
    private readonly Func<string, IVolumeFileSystem> _volumes;
    private readonly PodSyncOptions _options;
    private readonly PlanningOptions _planning;
    private readonly EnvResolverOptions _environment;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMeterFactory? _meterFactory;
    private readonly ClusterReader _cluster;
    private readonly PodFollowing? _following;
    // The last pod its source gave, not yet applied (boxed: null says the pod is gone). Only the last counts
    // (TakePodUpdates), and the loop's LoopWake is what it waits on, so a slot rather than a channel.
    private StrongBox<Pod?>? _pendingPod;
    private readonly HashSet<string> _downwardVolumes;
    private Pod _pod;
    private readonly Dictionary<string, VolumeProjector> _projectors = new(StringComparer.Ordinal);
    private readonly string[] _volumeNames;
    private readonly Dictionary<ObjectReference, string[]> _volumesReading = [];
    private readonly HashSet<ObjectReference> _envReads = [];
    private Dictionary<ObjectReference, ActivityContext>? _changeSpans; // made by the first change
    private readonly IReadOnlySet<string> _secretNames;
    private readonly IReadOnlySet<string> _configMapNames;
    private readonly EventLoop<SyncEvent> _loop = new();
    private readonly AtomicWriterOptions _writerOptions; // one for all the pod's volumes
    private LoopWake? _wake; // the running loop's, while it runs

    public PodSynchronizer(
        Pod pod,
        IObjectManager<Secret> secrets,
        IObjectManager<ConfigMap> configMaps,
        Func<string, IVolumeFileSystem> volumes,
        PodSyncOptions options,
        PlanningOptions planning,
        EnvResolverOptions environment,
        TimeProvider time,
        ILogger logger,
        IMeterFactory? meterFactory,
        ClusterReader cluster,
        PodFollowing? following = null)
    {
        _pod = pod;
        _following = following;
        _secrets = secrets;
        _configMaps = configMaps;
        _volumes = volumes;
        _options = options;
        _planning = planning;
        _environment = environment;
        _time = time;
        _logger = logger;
        _meterFactory = meterFactory;
        _cluster = cluster;
        _writerOptions = new AtomicWriterOptions { TimeProvider = time };
        _secretNames = PodReferences.SecretNames(pod);
        _configMapNames = PodReferences.ConfigMapNames(pod);
        _volumeNames = pod.Volumes.Where(v => PodPlanner.KindOf(v) is not null).Select(v => v.Name).ToArray();
        _downwardVolumes = pod.Volumes
            .Where(v => v.DownwardApi is not null || v.Projected?.Sources.Any(s => s.DownwardApi is not null) == true)
            .Select(v => v.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var group in pod.Volumes
            .SelectMany(v => PodReferences.VolumeSecretNames(v).Select(n => (Object: SecretReference(n), Volume: v.Name))
                .Concat(PodReferences.VolumeConfigMapNames(v).Select(n => (Object: ConfigMapReference(n), Volume: v.Name))))
            .GroupBy(r => r.Object))
        {
            _volumesReading[group.Key] = group.Select(r => r.Volume).Distinct(StringComparer.Ordinal).ToArray();
        }

        foreach (var (container, _) in pod.AllContainers())
        {
            _envReads.UnionWith(PodReferences.EnvSecretNames(container).Select(SecretReference));
            _envReads.UnionWith(PodReferences.EnvConfigMapNames(container).Select(ConfigMapReference));
        }
    }

    /// <summary>The pod as last read: its labels and annotations as its source now has them, its volumes as the sync started.</summary>
    public Pod Pod => Volatile.Read(ref _pod);

    public void UpdatePod(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        Offer(pod);
    }

    /// <summary>A pod from its source (<see langword="null"/>: gone) for the loop's next pass, which it wakes.</summary>
    private void Offer(Pod? pod)
    {
        Volatile.Write(ref _pendingPod, new StrongBox<Pod?>(pod));
        Volatile.Read(ref _wake)?.Set();
    }

    /// <summary>Test seam: receives the due time each time the loop goes idle, after its timer is set.</summary>
    internal ChannelWriter<DateTimeOffset>? IdleProbe { get; set; }

    public IAsyncEnumerable<SyncEvent> RunAsync(CancellationToken cancellationToken = default) =>
        _loop.RunAsync(LoopAsync, AlreadyRunning, cancellationToken);

    /// <summary>
    /// <see cref="RunAsync(CancellationToken)"/> with the events written to <paramref name="events"/> as they happen (the
    /// node agent's one channel for all its pods); the sync completes <paramref name="events"/> when it ends, with its
    /// failure if it failed, and the task completes after that.
    /// </summary>
    internal Task RunAsync(ChannelWriter<SyncEvent> events, CancellationToken cancellationToken) =>
        _loop.RunAsync(LoopAsync, events, AlreadyRunning, cancellationToken);

    private string AlreadyRunning => $"The sync of pod {Pod.QualifiedName} is already running.";

    private ObjectReference SecretReference(string name) => new(ObjectKind.Secret, Pod.Namespace, name);

    private ObjectReference ConfigMapReference(string name) => new(ObjectKind.ConfigMap, Pod.Namespace, name);

    private async Task LoopAsync(ChannelWriter<SyncEvent> events, CancellationToken stop)
    {
        // Only the changes of what this pod reads: the managers are shared by every pod of a node.
        var changes = new ChangeQueue<ObjectChangedEventArgs>();
        using var wake = new LoopWake(_time);
        void OnChanged(object? sender, ObjectChangedEventArgs e)
        {
            if (_volumesReading.ContainsKey(e.Object) || _envReads.Contains(e.Object))
            {
                changes.Enqueue(e);
                wake.Set();
            }
        }

        Volatile.Write(ref _wake, wake);
        using var onStop = stop.UnsafeRegister(static w => ((LoopWake)w!).Set(), wake);

        var metrics = new SyncMetrics(_meterFactory);
        var limiter = new VolumeRateLimiter(_options.MinProjectionInterval);
        Exception? failure = null;
        using var watchStop = _following is { Watches: true } ? CancellationTokenSource.CreateLinkedTokenSource(stop) : null;
        var podMetrics = _following is { Watches: true } ? new ObjectManagerMetrics(_meterFactory, "pod", ChangeDetectionStrategy.Watch) : null;
        Task? podWatch = null;
        _secrets.Changed += OnChanged;
        _configMaps.Changed += OnChanged;
        _secrets.RegisterPod(Pod);
        _configMaps.RegisterPod(Pod);
        try
        {
            if (_following is { Watches: true } following)
            {
                var settings = new ReflectorSettings("Pod", following.Options, _time, _logger, podMetrics!, following.Jitter);
                podWatch = new PodWatch(following.Source, Pod.Namespace, Pod.Name, Offer, settings).RunAsync(watchStop!.Token);
            }

            var initial = _volumeNames.ToDictionary(v => v, _ => (IReadOnlyList<ObjectReference>)[], StringComparer.Ordinal);
            var lookup = await _cluster.ReadAsync(await ReadObjectsAsync(stop).ConfigureAwait(false), initial.Keys, stop).ConfigureAwait(false);
            var envAtStart = EnvResolver.ResolvePod(Pod, lookup, _environment);
            var drift = DriftSignature(EnvDrift.Compare(envAtStart, envAtStart));
            Project(initial, SyncTrigger.Initial, lookup, limiter, metrics, events);
            var nextPeriodic = _time.GetUtcNow() + _options.SyncPeriod;
            while (true)
            {
                var due = limiter.NextDue is { } pending && pending < nextPeriodic ? pending : nextPeriodic;
                due = _cluster.NextRefresh is { } refresh && refresh < due ? refresh : due;
                await WaitAsync(due, changes, wake, stop).ConfigureAwait(false);
                stop.ThrowIfCancellationRequested();
                var now = _time.GetUtcNow();
                var periodic = now >= nextPeriodic;
                if (periodic && _following is { Watches: false })
                {
                    await ReadPodAsync(_following.Source, stop).ConfigureAwait(false);
                }

                var (podChanged, replacedBy) = TakePodUpdates();
                if (replacedBy is not null)
                {
                    ReportDeleted(replacedBy, events);
                    return;
                }

                var changed = new List<ObjectReference>();
                foreach (var changeEvent in changes.TakeAll())
                {
                    var change = changeEvent.Object;
                    changed.Add(change);
                    (_changeSpans ??= [])[change] = changeEvent.Context;
                    foreach (var volume in _volumesReading.GetValueOrDefault(change, []))
                    {
                        limiter.Request(volume, change, now);
                    }
                }

                var envChanged = changed.Where(_envReads.Contains).Distinct().ToArray();
                var trigger = periodic ? SyncTrigger.Periodic : SyncTrigger.Change;
                Dictionary<string, IReadOnlyList<ObjectReference>> volumes;
                if (periodic)
                {
                    nextPeriodic = now + _options.SyncPeriod;
                    volumes = limiter.TakeAll();
                    foreach (var volume in _volumeNames)
                    {
                        volumes.TryAdd(volume, []);
                    }
                }
                else
                {
                    volumes = limiter.TakeDue(now);
                }

                var refreshing = _cluster.TakeDue(now);
                foreach (var volume in refreshing)
                {
                    volumes.TryAdd(volume, []);
                }

                IReadOnlySet<string>? podUpdated = podChanged ? _downwardVolumes : null;
                if (podChanged)
                {
                    foreach (var volume in _downwardVolumes)
                    {
                        volumes.TryAdd(volume, []);
                    }
                }

                if (volumes.Count == 0 && envChanged.Length == 0 && !podChanged)
                {
                    continue;
                }

                lookup = await _cluster.ReadAsync(await ReadObjectsAsync(stop).ConfigureAwait(false), volumes.Keys, stop).ConfigureAwait(false);
                Project(volumes, trigger, lookup, limiter, metrics, events, refreshing, podUpdated);
                if (periodic || envChanged.Length > 0 || podChanged)
                {
                    var results = EnvDrift.Compare(envAtStart, EnvResolver.ResolvePod(Pod, lookup, _environment));
                    var signature = DriftSignature(results);
                    if (!string.Equals(signature, drift, StringComparison.Ordinal))
                    {
                        drift = signature;
                        ReportDrift(results, podChanged ? SyncTrigger.PodUpdate : trigger, envChanged, events);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
            SyncingLog.SyncStopped(_logger, e, Pod.QualifiedName);
        }
        finally
        {
            Volatile.Write(ref _wake, null);
            if (watchStop is not null)
            {
                await watchStop.CancelAsync().ConfigureAwait(false);
            }

            if (podWatch is not null)
            {
                await podWatch.ConfigureAwait(false);
            }

            _secrets.Changed -= OnChanged;
            _configMaps.Changed -= OnChanged;
            _secrets.UnregisterPod(Pod);
            _configMaps.UnregisterPod(Pod);
            foreach (var projector in _projectors.Values)
            {
                projector.Dispose(); // the volumes stay as written, as the kubelet leaves them; a later run opens them again
            }

            events.TryComplete(failure);
        }
    }

    /// <summary>
    /// Applies the last pod its source gave: whether it differs from the pod held (by resourceVersion), or the uid of
    /// the pod that has the name now (<c>""</c> when none) when the pod held was deleted. The volumes stay those the sync
    /// started with: the kubelet does not change the volumes of a running pod (the API server forbids it anyway).
    /// </summary>
    private (bool Changed, string? ReplacedBy) TakePodUpdates()
    {
        if (Interlocked.Exchange(ref _pendingPod, null) is not { Value: var latest })
        {
            return (false, null);
        }

        var current = Pod;

        if (latest is null || !string.Equals(latest.Namespace, current.Namespace, StringComparison.Ordinal) || !string.Equals(latest.Name, current.Name, StringComparison.Ordinal))
        {
            return (false, string.Empty);
        }

        if (current.Uid is not null && latest.Uid is not null && !string.Equals(current.Uid, latest.Uid, StringComparison.Ordinal))
        {
            return (false, latest.Uid);
        }

        if (latest.ResourceVersion is not null && string.Equals(latest.ResourceVersion, current.ResourceVersion, StringComparison.Ordinal))
        {
            return (false, null);
        }

        Volatile.Write(ref _pod, latest with { Volumes = current.Volumes, SecurityContext = current.SecurityContext });
        SyncingLog.PodUpdated(_logger, current.QualifiedName, latest.ResourceVersion);
        return (true, null);
    }

    /// <summary>Reads the pod again (Get and Cache strategies, at each periodic sync); a failed read keeps the pod held.</summary>
    private async Task ReadPodAsync(IObjectSource<Pod> source, CancellationToken stop)
    {
        var current = Pod;
        var read = await source.GetAsync(current.Namespace, current.Name, stop).ConfigureAwait(false);
        switch (read.Status)
        {
            case LookupStatus.Found:
                Volatile.Write(ref _pendingPod, new StrongBox<Pod?>(read.Value));
                break;
            case LookupStatus.NotFound:
                Volatile.Write(ref _pendingPod, new StrongBox<Pod?>(null));
                break;
            default:
                SyncingLog.PodReadFailed(_logger, current.QualifiedName, read.Failure);
                break;
        }
    }

    private void ReportDeleted(string replacedBy, ChannelWriter<SyncEvent> events)
    {
        SyncingLog.PodDeleted(_logger, Pod.QualifiedName);
        events.TryWrite(new SyncEvent
        {
            Kind = SyncEventKind.PodDeleted,
            Pod = Pod.QualifiedName,
            Trigger = SyncTrigger.PodUpdate,
            Time = _time.GetUtcNow(),
            Message = replacedBy.Length == 0 ? null : $"pod uid {replacedBy} now has its name",
        });
    }

    /// <summary>Reads every object the pod references (the names are fixed with the pod).</summary>
    private Task<ResolvedObjects> ReadObjectsAsync(CancellationToken stop) =>
        ResolvedObjects.ReadAsync(Pod.Namespace, _secretNames, _configMapNames, _secrets, _configMaps, stop);

    /// <summary>
    /// Waits until <paramref name="due"/>, a change, a pod update or the stop, whichever comes first (not an async
    /// method: an idle sync holds no state machine of its own for it).
    /// </summary>
    private ValueTask WaitAsync(DateTimeOffset due, ChangeQueue<ObjectChangedEventArgs> changes, LoopWake wake, CancellationToken stop)
    {
        var now = _time.GetUtcNow();
        if (due <= now || !changes.IsEmpty || Volatile.Read(ref _pendingPod) is not null || stop.IsCancellationRequested)
        {
            return ValueTask.CompletedTask;
        }

        var woken = wake.WaitAsync(due - now);
        IdleProbe?.TryWrite(due);

        // The clock may have passed the due time between reading it and setting the timer.
        if (_time.GetUtcNow() >= due)
        {
            wake.Set();
        }

        return woken;
    }

    private void Project(
        Dictionary<string, IReadOnlyList<ObjectReference>> volumes,
        SyncTrigger trigger,
        IObjectLookup lookup,
        VolumeRateLimiter limiter,
        SyncMetrics metrics,
        ChannelWriter<SyncEvent> events,
        IReadOnlySet<string>? refreshing = null,
        IReadOnlySet<string>? podUpdated = null)
    {
        var plan = PodPlanner.Plan(Pod, lookup, _planning);
        foreach (var volume in plan.Volumes)
        {
            if (!volumes.TryGetValue(volume.Name, out var causes))
            {
                continue;
            }

            var volumeTrigger = trigger switch
            {
                SyncTrigger.Initial => SyncTrigger.Initial,
                _ when causes.Count > 0 => SyncTrigger.Change,
                _ when podUpdated?.Contains(volume.Name) == true => SyncTrigger.PodUpdate,
                SyncTrigger.Change when refreshing?.Contains(volume.Name) == true => SyncTrigger.TokenRefresh,
                SyncTrigger.Change => SyncTrigger.Retry,
                _ => trigger,
            };
            using var activity = StartProjection(volume.Name, volumeTrigger, causes);
            var started = _time.GetTimestamp();
            var result = Projector(volume.Name).Project(volume);
            var (kind, dataDirectory, message) = (KindOf(result.Outcome), result.DataDirectory, result.Error);
            var duration = _time.GetElapsedTime(started);
            limiter.Projected(volume.Name, _time.GetUtcNow(), failed: kind == SyncEventKind.VolumeFailed);
            metrics.Projected(duration, kind, volumeTrigger);
            activity?.SetTag("secretprojection.result", SyncMetrics.Result(kind));
            if (kind == SyncEventKind.VolumeFailed)
            {
                activity?.SetStatus(ActivityStatusCode.Error, message);
            }

            switch (kind)
            {
                case SyncEventKind.VolumeWritten:
                    SyncingLog.VolumeWritten(_logger, Pod.QualifiedName, volume.Name, dataDirectory, volumeTrigger);
                    break;
                case SyncEventKind.VolumeUnchanged:
                    SyncingLog.VolumeUnchanged(_logger, Pod.QualifiedName, volume.Name, volumeTrigger);
                    break;
                default:
                    SyncingLog.VolumeFailed(_logger, Pod.QualifiedName, volume.Name, message);
                    break;
            }

            events.TryWrite(new SyncEvent
            {
                Kind = kind,
                Pod = Pod.QualifiedName,
                Trigger = volumeTrigger,
                Time = _time.GetUtcNow(),
                Volume = volume.Name,
                Changed = causes,
                DataDirectory = dataDirectory,
                Message = message,
                Duration = duration,
            });
        }
    }

    /// <summary>The <c>secretprojection.volume.project</c> span of one volume, linked to the change spans of its causes.</summary>
    private Activity? StartProjection(string volume, SyncTrigger trigger, IReadOnlyList<ObjectReference> causes)
    {
        var source = SecretProjectionActivities.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        var links = causes.Select(c => _changeSpans?.GetValueOrDefault(c) ?? default).Where(c => c != default).Select(c => new ActivityLink(c)).ToArray();
        return source.StartActivity(SecretProjectionActivities.VolumeProjection, ActivityKind.Internal, parentContext: default, links: links)
            ?.SetTag("secretprojection.pod", Pod.QualifiedName)
            .SetTag("secretprojection.pod.uid", Pod.Uid)
            .SetTag("secretprojection.volume", volume)
            .SetTag("secretprojection.trigger", SyncMetrics.Trigger(trigger));
    }

    /// <summary>The volume's projector, kept for the pod's life so that its writer's index serves every pass.</summary>
    private VolumeProjector Projector(string volume)
    {
        if (!_projectors.TryGetValue(volume, out var projector))
        {
            projector = new VolumeProjector(volume, () => _volumes(volume), _writerOptions);
            _projectors[volume] = projector;
        }

        return projector;
    }

    private static SyncEventKind KindOf(VolumeOutcome outcome) => outcome switch
    {
        VolumeOutcome.Written => SyncEventKind.VolumeWritten,
        VolumeOutcome.Unchanged => SyncEventKind.VolumeUnchanged,
        _ => SyncEventKind.VolumeFailed,
    };

    private void ReportDrift(IReadOnlyList<EnvDriftResult> results, SyncTrigger trigger, ObjectReference[] changed, ChannelWriter<SyncEvent> events)
    {
        var drifted = results.Where(Drifted).ToArray();
        SyncingLog.EnvDrift(_logger, Pod.QualifiedName, drifted.Length);
        events.TryWrite(new SyncEvent
        {
            Kind = SyncEventKind.EnvDrift,
            Pod = Pod.QualifiedName,
            Trigger = changed.Length > 0 ? SyncTrigger.Change : trigger,
            Time = _time.GetUtcNow(),
            Changed = changed,
            Drift = drifted,
        });
    }

    private static bool Drifted(EnvDriftResult result) => result.RestartRequired || result.RestartError is not null;

    /// <summary>What a drift report says, to report only when it differs from the last one.</summary>
    private static string DriftSignature(IReadOnlyList<EnvDriftResult> results) =>
        string.Join('\n', results.Where(Drifted).Select(r =>
            $"{r.Kind}/{r.ContainerName}:{string.Join(',', r.Changes.Select(c => c.Name + "=" + c.Kind))}:{r.RestartError?.Message}"));
}
