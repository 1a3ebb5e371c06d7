using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecretProjection.Agent;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Testing.Agent;
using SecretProjection.Testing.Sources;
using SecretProjection.Writing;
using static SecretProjection.Tool.Tests.Hardening.ChangeDetectionInputs;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// The node agent through every path that logs, over the marker-holding pod and objects: a pod added, one whose uid
/// cannot name a directory, readiness, a pod whose sync fails on its own, a pod deleted whose tmpfs is busy, and a
/// pod whose sync cannot even be made, which stops the agent.
/// </summary>
internal static class AgentRun
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(LogCapture log, List<object> produced)
    {
        using var loggers = log.CreateFactory();
        var secrets = InMemoryObjectSource.ForSecrets();
        var configMaps = InMemoryObjectSource.ForConfigMaps();
        secrets.Put(Db());
        secrets.Put(Frozen);
        configMaps.Put(Settings());
        var options = new ObjectManagerOptions();
        using var secretManager = ObjectManager.ForSecrets(secrets, options, loggerFactory: loggers);
        using var configMapManager = ObjectManager.ForConfigMaps(configMaps, options, loggerFactory: loggers);
        var host = new InMemoryNodeVolumeHost(mountsTmpfs: true);
        var pods = new ScriptedPods([WebPod, WebPod with { Name = "odd", Uid = "a/b" }]);
        var agent = NodeAgent.Create("node-1", pods, host, new Syncs(secretManager, configMapManager, loggers), options, loggerFactory: loggers);
        produced.AddRange([host, pods, agent, await pods.ListAsync("node-1")]);

        // The agent's events, read from its start on (an async sequence runs only while it is read).
        var events = Channel.CreateUnbounded<AgentEvent>();
        var run = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in agent.RunAsync())
                {
                    events.Writer.TryWrite(e);
                }

                events.Writer.TryComplete();
            }
            catch (Exception e)
            {
                events.Writer.TryComplete(e);
            }
        });

        await agent.WaitUntilReadyAsync(new CancellationTokenSource(Hang).Token);
        pods.Send(WatchEventType.Added, WebPod with { Name = "broken", Uid = "uid-broken" });
        await NextAsync(events.Reader, produced, e => e.Kind == AgentEventKind.PodAdded && e.Uid == "uid-broken");
        host.MakeBusy("pods/uid-web/volumes/kubernetes.io~secret/creds");
        pods.Send(WatchEventType.Deleted, WebPod);
        await NextAsync(events.Reader, produced, e => e.Kind == AgentEventKind.PodRemoved && e.Uid == "uid-web");
        pods.Send(WatchEventType.Added, WebPod with { Name = "fatal", Uid = "uid-fatal" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => NextAsync(events.Reader, produced, _ => false));
        await run.WaitAsync(Hang);
    }

    private static async Task NextAsync(ChannelReader<AgentEvent> events, List<object> produced, Func<AgentEvent, bool> until)
    {
        using var bound = new CancellationTokenSource(Hang);
        await foreach (var e in events.ReadAllAsync(bound.Token))
        {
            produced.Add(e);
            if (until(e))
            {
                return;
            }
        }
    }

    /// <summary>Pod syncs as the library makes them, except for the pods named <c>broken</c> (its sync fails) and <c>fatal</c> (none can be made).</summary>
    private sealed class Syncs(IObjectManager<Secret> secrets, IObjectManager<ConfigMap> configMaps, ILoggerFactory loggers) : IPodSyncFactory
    {
        public IPodSync Create(Pod pod, Func<string, IVolumeFileSystem> volumes) => pod.Name switch
        {
            "broken" => new FailingSync(pod),
            "fatal" => throw new InvalidOperationException("no sync for this pod"),
            _ => PodSync.Create(pod, secrets, configMaps, volumes, new PodSyncOptions { MinProjectionInterval = TimeSpan.Zero }, loggerFactory: loggers),
        };
    }

    private sealed class FailingSync(Pod pod) : IPodSync
    {
        public Pod Pod { get; } = pod;

        public async IAsyncEnumerable<SyncEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new IOException("the sync broke");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }

    /// <summary>A node's pods: the list it was made with, then the events sent.</summary>
    private sealed class ScriptedPods(IReadOnlyList<Pod> listed) : INodePodSource
    {
        private readonly Channel<WatchEvent<Pod>> _events = Channel.CreateUnbounded<WatchEvent<Pod>>();
        private int _version = 10;

        public void Send(WatchEventType type, Pod pod) =>
            _events.Writer.TryWrite(new WatchEvent<Pod>(type, pod with { ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) }, _version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        public Task<PodList> ListAsync(string nodeName, CancellationToken cancellationToken = default) => Task.FromResult(new PodList(listed, "10"));

        public async IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string nodeName, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
    }
}
