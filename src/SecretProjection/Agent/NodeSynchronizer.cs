using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecretProjection.DependencyInjection;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Projection;
using SecretProjection.Syncing;
using SecretProjection.Writing;

namespace SecretProjection.Agent;

/// <summary>
/// The node agent: a reflector over the node's pods feeds one loop, which starts a pod sync for each live pod (all
/// over the shared managers, so an object many pods read is watched once and a change reaches each volume that
/// reads it), stops it when the pod is deleted or ends, and then removes the pod's volumes.
/// </summary>
/// <remarks>
/// The loop owns all state; the pod syncs run on their own and report to it through the same channel, so a pod's
/// reports always come before its end. The root's port is used under one lock: the loop removes while the pod
/// syncs open volume directories.
/// </remarks>
internal sealed class NodeSynchronizer : INodeAgent
{
    private readonly INodePodSource _pods;
    private readonly INodeVolumeHost _host;
    private readonly IPodSyncFactory _syncs;
    private readonly ReflectorSettings _reflector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NodeAgentMetrics _metrics;
    private readonly Lock _rootLock = new();
    private readonly Dictionary<string, LivePod> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private HashSet<string>? _awaitingFirstSync;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventLoop<AgentEvent> _loop = new();

    public NodeSynchronizer(
        string nodeName,
        INodePodSource pods,
        INodeVolumeHost host,
        IPodSyncFactory syncs,
        ReflectorSettings reflector,
        TimeProvider time,
        ILogger logger,
        NodeAgentMetrics metrics)
    {
        NodeName = nodeName;
        _pods = pods;
        _host = host;
        _syncs = syncs;
        _reflector = reflector;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    public string NodeName { get; }

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    public IAsyncEnumerable<AgentEvent> RunAsync(CancellationToken cancellationToken = default) =>
        _loop.RunAsync(LoopAsync, $"The agent of node {NodeName} is already running.", cancellationToken);

    private async Task LoopAsync(ChannelWriter<AgentEvent> events, CancellationToken cancellationToken)
    {
        // Its own stop: a failure of the loop must end the reflector and the pod syncs too.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stop = stopping.Token;
        var inputs = Channel.CreateUnbounded<AgentInput>(new UnboundedChannelOptions { SingleReader = true });
        var store = new NodePodStore(_pods, NodeName, inputs.Writer, _reflector);
        _reflector.Metrics.WatchStarted();
        var reflector = store.RunAsync(stop);
        NodeAgentLog.Started(_logger, NodeName);
        Exception? failure = null;
        try
        {
            await foreach (var input in inputs.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                Handle(input, inputs.Writer, events, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
            NodeAgentLog.Stopped(_logger, e, NodeName);
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await reflector.ConfigureAwait(false);
            _reflector.Metrics.WatchStopped();

            // Every pod sync ends after the write in progress; the volumes stay, as the kubelet leaves them when it stops.
            foreach (var pod in _live.Values)
            {
                await pod.Stop.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(_live.Values.Select(p => p.Run)).ConfigureAwait(false);
            while (inputs.Reader.TryRead(out var input))
            {
                if (input is AgentInput.Synced synced)
                {
                    Report(synced, events);
                }
            }

            foreach (var pod in _live.Values)
            {
                pod.Stop.Dispose();
                _metrics.PodStopped();
            }

            _live.Clear();
            events.TryComplete(failure);
        }
    }

    private void Handle(AgentInput input, ChannelWriter<AgentInput> inputs, ChannelWriter<AgentEvent> events, CancellationToken stop)
    {
        switch (input)
        {
            case AgentInput.PodUpdated { Pod: var pod }:
                Update(pod, inputs, events, stop);
                break;
            case AgentInput.PodDeleted { Key: var key }:
                if (_live.TryGetValue(key, out var deleted))
                {
                    StopPod(deleted, "deleted");
                }
                else
                {
                    _ended.Remove(key); // its volumes went when it ended; the API server forgets it now
                }

                break;
            case AgentInput.Listed:
                RemoveStale(events);
                _awaitingFirstSync = [.. _live.Keys];
                CheckReady();
                break;
            case AgentInput.Synced synced:
                Report(synced, events);
                break;
            case AgentInput.SyncEnded ended:
                End(ended, events);
                break;
        }
    }

    private void Update(Pod pod, ChannelWriter<AgentInput> inputs, ChannelWriter<AgentEvent> events, CancellationToken stop)
    {
        var key = NodePodStore.Key(pod);
        if (_live.TryGetValue(key, out var live))
        {
            live.Pod = pod;
            if (pod.IsTerminal)
            {
                StopPod(live, "phase " + pod.Phase);
            }
            else
            {
                // As the kubelet syncs an updated pod: its downwardAPI files take the new labels and annotations.
                (live.Sync as IPodUpdates)?.UpdatePod(pod);
            }

            return;
        }

        if (!PodVolumeLayout.IsPathElement(pod.Uid))
        {
            NodeAgentLog.PodSkipped(_logger, pod.QualifiedName);
            return;
        }

        var uid = pod.Uid!;
        if (pod.IsTerminal || _ended.Contains(uid))
        {
            // Ended before the agent saw it run (or after it stopped it): what a previous run wrote goes.
            if (_ended.Add(uid))
            {
                Remove(uid, pod.QualifiedName, "phase " + pod.Phase, events);
            }

            return;
        }

        var kinds = PodVolumeLayout.Written(pod).ToDictionary(v => v.Name, v => v.Plugin, StringComparer.Ordinal);
        // The node's watch feeds each pod's updates to its sync: the registered factory's syncs would otherwise each watch their pod.
        IPodSync sync = _syncs is PodSyncFactory own ? own.CreateFed(pod, Open) : _syncs.Create(pod, Open);
        var podStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        live = new LivePod(pod, sync, podStop, kinds.Keys.Where(PodVolumeLayout.IsPathElement).ToHashSet(StringComparer.Ordinal));
        live.Run = Task.Run(() => RunPodAsync(uid, sync, inputs, podStop.Token), CancellationToken.None);
        _live[uid] = live;
        _metrics.PodStarted();
        NodeAgentLog.PodAdded(_logger, pod.QualifiedName, uid, kinds.Count);
        Emit(events, AgentEventKind.PodAdded, pod.QualifiedName, uid, null, $"{kinds.Count} volume(s) to write");

        IVolumeFileSystem Open(string volume) => OpenVolume(uid, volume, pod);
    }

    /// <summary>Opens a volume of the pod (found again in the pod, which the sync keeps anyway, rather than in a table kept per pod).</summary>
    private IVolumeFileSystem OpenVolume(string uid, string volume, Pod pod)
    {
        var plugin = PodVolumeLayout.IsPathElement(volume)
            ? PodVolumeLayout.Written(pod).Where(v => v.Name == volume).Select(v => (VolumeKind?)v.Plugin).FirstOrDefault()
            : null;
        if (plugin is null)
        {
            throw new IOException($"volume name {volume}: cannot be a directory name");
        }

        lock (_rootLock)
        {
            return PodDirectories.OpenVolume(_host, uid, plugin.Value, volume);
        }
    }

    private static async Task RunPodAsync(string uid, IPodSync sync, ChannelWriter<AgentInput> inputs, CancellationToken stop)
    {
        Exception? failure = null;
        try
        {
            if (sync is PodSynchronizer own)
            {
                // Its reports go straight into the loop's channel: no channel, reader and enumerator per pod (1.9 KB).
                var reports = new PodReports(uid, inputs);
                await own.RunAsync(reports, stop).ConfigureAwait(false);
                failure = reports.Failure;
            }
            else
            {
                await foreach (var syncEvent in sync.RunAsync(stop).ConfigureAwait(false))
                {
                    inputs.TryWrite(new AgentInput.Synced(uid, syncEvent));
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        inputs.TryWrite(new AgentInput.SyncEnded(uid, failure));
    }

    private void StopPod(LivePod pod, string reason)
    {
        if (pod.RemoveReason is null)
        {
            pod.RemoveReason = reason;
            pod.Stop.Cancel();
        }
    }

    private void End(AgentInput.SyncEnded ended, ChannelWriter<AgentEvent> events)
    {
        if (!_live.Remove(ended.Uid, out var pod))
        {
            return;
        }

        pod.Stop.Dispose();
        _metrics.PodStopped();
        _awaitingFirstSync?.Remove(ended.Uid);
        if (pod.RemoveReason is { } reason)
        {
            _ended.Add(ended.Uid);
            Remove(ended.Uid, pod.Pod.QualifiedName, reason, events);
        }
        else
        {
            // The sync failed on its own: the volumes stay, and the pod's next update starts it again.
            NodeAgentLog.PodSyncFailed(_logger, ended.Failure, pod.Pod.QualifiedName);
        }

        CheckReady();
    }

    private void Report(AgentInput.Synced synced, ChannelWriter<AgentEvent> events)
    {
        var (uid, e) = synced;
        if (!_live.TryGetValue(uid, out var pod))
        {
            return;
        }

        if (e.Trigger == SyncTrigger.Initial && e.Volume is { } initial && pod.AwaitingFirstWrite.Remove(initial) && pod.AwaitingFirstWrite.Count == 0)
        {
            _awaitingFirstSync?.Remove(uid);
            CheckReady();
        }

        switch (e.Kind)
        {
            case SyncEventKind.VolumeWritten:
                Emit(events, AgentEventKind.VolumeWritten, e.Pod, uid, e.Volume, $"..data -> {e.DataDirectory}{e.Cause}");
                break;
            case SyncEventKind.VolumeFailed:
                Emit(events, AgentEventKind.VolumeFailed, e.Pod, uid, e.Volume, e.Message + e.Cause);
                break;
            case SyncEventKind.EnvDrift:
                Emit(events, AgentEventKind.EnvDrift, e.Pod, uid, null, e.ToString());
                break;
        }
    }

    /// <summary>At the first list: removes what pods that are not live pods of the node left under <c>pods/</c> (a restart after a crash converges).</summary>
    private void RemoveStale(ChannelWriter<AgentEvent> events)
    {
        IReadOnlyList<string> uids;
        lock (_rootLock)
        {
            uids = PodDirectories.ListPods(_host.Root);
        }

        foreach (var uid in uids.Where(u => !_live.ContainsKey(u) && !_ended.Contains(u)))
        {
            Remove(uid, null, $"not a live pod of node {NodeName}", events);
        }
    }

    private void Remove(string uid, string? pod, string reason, ChannelWriter<AgentEvent> events)
    {
        IReadOnlyList<RemovedVolume> removed;
        lock (_rootLock)
        {
            removed = PodDirectories.RemovePod(_host, uid);
        }

        foreach (var volume in removed)
        {
            if (volume.Error is null)
            {
                _metrics.VolumeRemoved();
                Emit(events, AgentEventKind.VolumeRemoved, pod, uid, volume.Volume, volume.PluginDirectory + (volume.Unmounted ? ", tmpfs unmounted" : string.Empty));
            }
            else
            {
                NodeAgentLog.RemoveFailed(_logger, pod ?? uid, volume.Volume, volume.Error);
                Emit(events, AgentEventKind.VolumeFailed, pod, uid, volume.Volume, "not removed: " + volume.Error);
            }
        }

        if (pod is not null || removed.Count > 0)
        {
            NodeAgentLog.PodRemoved(_logger, pod ?? uid, reason);
            Emit(events, AgentEventKind.PodRemoved, pod, uid, null, reason);
        }
    }

    private void CheckReady()
    {
        if (!IsReady && _awaitingFirstSync is { } awaiting && awaiting.All(uid => !_live.TryGetValue(uid, out var pod) || pod.AwaitingFirstWrite.Count == 0))
        {
            _awaitingFirstSync = null;
            _ready.TrySetResult();
            NodeAgentLog.Ready(_logger, NodeName, _live.Count);
        }
    }

    private void Emit(ChannelWriter<AgentEvent> events, AgentEventKind kind, string? pod, string uid, string? volume, string? message) =>
        events.TryWrite(new AgentEvent { Kind = kind, Pod = pod, Uid = uid, Volume = volume, Message = message, Time = _time.GetUtcNow() });

    private sealed class LivePod(Pod pod, IPodSync sync, CancellationTokenSource stop, HashSet<string> awaitingFirstWrite)
    {
        public Pod Pod { get; set; } = pod;

        public IPodSync Sync { get; } = sync;

        public CancellationTokenSource Stop { get; } = stop;

        /// <summary>The volumes not yet written or failed once.</summary>
        public HashSet<string> AwaitingFirstWrite { get; } = awaitingFirstWrite;

        public Task Run { get; set; } = Task.CompletedTask;

        /// <summary>Why the pod is being stopped; <see langword="null"/> while it runs.</summary>
        public string? RemoveReason { get; set; }
    }
}
