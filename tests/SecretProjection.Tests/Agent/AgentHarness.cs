using System.Text;
using Microsoft.Extensions.Options;
using SecretProjection.Agent;
using SecretProjection.DependencyInjection;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Testing.Agent;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using SecretProjection.Tests.ObjectManagers;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.Agent;

/// <summary>A node agent over in-memory pods, objects and root, with a fake clock; events are read in order.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    public const string Node = "node-1";

    private readonly CancellationTokenSource _stop = new();
    private readonly System.Threading.Channels.Channel<AgentEvent> _events = System.Threading.Channels.Channel.CreateUnbounded<AgentEvent>();
    private Task _run = Task.CompletedTask;

    /// <param name="tmpfs">Whether the host mounts tmpfs.</param>
    /// <param name="sync">The pod syncs' options.</param>
    /// <param name="followedPods">
    /// When set, the syncs come from the factory <c>AddSecretProjection</c> registers, with this source of pods registered
    /// too (as <c>AddKubernetesSources</c> registers one), rather than from <see cref="PodSync.Create"/>.
    /// </param>
    /// <param name="foreignSyncs">
    /// Whether the factory's syncs are not the library's own (a wrapper around them, as another <see cref="IPodSyncFactory"/>
    /// may give), so that the agent reads their <see cref="IPodSync.RunAsync"/> sequences.
    /// </param>
    public AgentHarness(bool tmpfs = false, PodSyncOptions? sync = null, IObjectSource<Pod>? followedPods = null, bool foreignSyncs = false)
    {
        var options = new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Watch };
        SecretManager = ObjectManager.Create(ManagedKinds.Secret, Secrets, options, Clock, null, null, () => 0);
        ConfigMapManager = ObjectManager.Create(ManagedKinds.ConfigMap, ConfigMaps, options, Clock, null, null, () => 0);
        Host = new InMemoryNodeVolumeHost(tmpfs);
        sync ??= new PodSyncOptions { MinProjectionInterval = TimeSpan.Zero };
        IPodSyncFactory syncs = followedPods is null
            ? new Factory(this, sync, foreignSyncs)
            : new PodSyncFactory(SecretManager, ConfigMapManager, Options.Create(new SecretProjectionOptions { Objects = options, Sync = sync }), Clock, pods: followedPods);
        Agent = NodeAgent.Create(Node, Pods, Host, syncs, options, Clock, null, null, () => 0);
    }

    public SimulatedClock Clock { get; } = new();

    public FakeNodePodSource Pods { get; } = new();

    public InMemoryObjectSource<Secret> Secrets { get; } = InMemoryObjectSource.ForSecrets();

    public InMemoryObjectSource<ConfigMap> ConfigMaps { get; } = InMemoryObjectSource.ForConfigMaps();

    public IObjectManager<Secret> SecretManager { get; }

    public IObjectManager<ConfigMap> ConfigMapManager { get; }

    public InMemoryNodeVolumeHost Host { get; }

    public INodeAgent Agent { get; }

    /// <summary>A pod with a secret volume of <paramref name="secret"/>, a configMap volume of <c>settings</c>, a projected volume of both, and an env var from the Secret.</summary>
    public static Pod PodOf(string name, string secret = "db", string? phase = "Running") => new()
    {
        Namespace = Ns,
        Name = name,
        Uid = "uid-" + name,
        Phase = phase,
        Containers =
        [
            new Container
            {
                Name = "app",
                Env = [new EnvVar { Name = "PASSWORD", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector(secret, "key") } }],
            },
        ],
        Volumes =
        [
            new Volume { Name = "creds", Secret = new SecretVolumeSource { SecretName = secret } },
            new Volume { Name = "cfg", ConfigMap = new ConfigMapVolumeSource { Name = "settings" } },
            new Volume
            {
                Name = "all",
                Projected = new ProjectedVolumeSource
                {
                    Sources =
                    [
                        new VolumeProjection { Secret = new ProjectedObject { Name = secret, Items = [new KeyToPath { Key = "key", Path = "password" }] } },
                        new VolumeProjection { ConfigMap = new ProjectedObject { Name = "settings" } },
                    ],
                },
            },
            new Volume { Name = "scratch", OtherKind = "emptyDir" },
        ],
    };

    public static ConfigMap Settings(string level) => new() { Namespace = Ns, Name = "settings", Data = new Dictionary<string, string> { ["level"] = level } };

    /// <summary>Starts the agent; its events are read from now on, whether the test reads them or not.</summary>
    public void Start() => _run = Task.Run(async () =>
    {
        try
        {
            await foreach (var e in Agent.RunAsync(_stop.Token))
            {
                _events.Writer.TryWrite(e);
            }
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    });

    public async Task<AgentEvent> NextAsync()
    {
        Assert.True(await _events.Reader.WaitToReadAsync(Bounded()), "the agent ended");
        return await _events.Reader.ReadAsync(Bounded());
    }

    /// <summary>Reads events until <paramref name="done"/> holds for the ones read; returns them.</summary>
    public async Task<List<AgentEvent>> NextUntilAsync(Func<List<AgentEvent>, bool> done)
    {
        var events = new List<AgentEvent>();
        while (!done(events))
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    /// <summary>Reads events until each listed (kind, pod name, volume) has been seen.</summary>
    public Task<List<AgentEvent>> NextUntilSeenAsync(params (AgentEventKind Kind, string Pod, string? Volume)[] expected) =>
        NextUntilAsync(events => expected.All(x => events.Any(e => e.Kind == x.Kind && e.Pod == Ns + "/" + x.Pod && e.Volume == x.Volume)));

    public string? Read(string pod, string plugin, string volume, string path) =>
        Host.Root.ReadFileThroughLinks($"pods/uid-{pod}/volumes/kubernetes.io~{plugin}/{volume}/{path}") is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    public bool Exists(string path) => Host.Root.GetEntry(path) is not null;

    public async Task<List<AgentEvent>> StopAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(Hang);
        return [.. _events.Reader.ReadAllAsync().ToBlockingEnumerable()];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();

        SecretManager.Dispose();
        ConfigMapManager.Dispose();
        _stop.Dispose();
        await Clock.DisposeAsync();
    }

    private sealed class Factory(AgentHarness harness, PodSyncOptions options, bool foreign) : IPodSyncFactory
    {
        public IPodSync Create(Pod pod, Func<string, SecretProjection.Writing.IVolumeFileSystem> volumes)
        {
            var sync = PodSync.Create(pod, harness.SecretManager, harness.ConfigMapManager, volumes, options, timeProvider: harness.Clock);
            return foreign ? new ForeignSync(sync) : sync;
        }
    }

    private sealed class ForeignSync(IPodSync inner) : IPodSync
    {
        public Pod Pod => inner.Pod;

        public IAsyncEnumerable<SyncEvent> RunAsync(CancellationToken cancellationToken = default) => inner.RunAsync(cancellationToken);
    }
}
