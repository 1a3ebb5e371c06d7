using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Volumes;
using SecretProjection.Testing.Time;
using SecretProjection.Tests.ObjectManagers;

namespace SecretProjection.Tests.Syncing;

/// <summary>
/// A pod sync over in-memory sources and volumes with a fake clock. <see cref="IdleAsync"/> tells when the sync
/// waits (and until when), so a test advances the clock only then; events are read in order.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    public const string Ns = ObjectManagerFixtures.Ns;

    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<DateTimeOffset> _idle = Channel.CreateUnbounded<DateTimeOffset>();
    private IAsyncEnumerator<SyncEvent>? _events;

    // A MoveNextAsync that timed out is still pending: the next read awaits it rather than calling MoveNextAsync again,
    // which would run the iterator twice at once and crash the test host instead of failing the test.
    private Task<bool>? _pending;

    public SyncHarness(ChangeDetectionStrategy strategy = ChangeDetectionStrategy.Watch, IMeterFactory? meters = null)
    {
        Secrets = InMemoryObjectSource.ForSecrets();
        ConfigMaps = InMemoryObjectSource.ForConfigMaps();
        var options = new ObjectManagerOptions { Strategy = strategy };
        Options = options;
        SecretManager = ObjectManager.Create(ManagedKinds.Secret, Secrets, options, Clock, null, meters, () => 0);
        ConfigMapManager = ObjectManager.Create(ManagedKinds.ConfigMap, ConfigMaps, options, Clock, null, meters, () => 0);
        Meters = meters;
    }

    public SimulatedClock Clock { get; } = new();

    /// <summary>The managers' options, which the pod is followed by too.</summary>
    public ObjectManagerOptions Options { get; }

    public DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public InMemoryObjectSource<Secret> Secrets { get; }

    public InMemoryObjectSource<ConfigMap> ConfigMaps { get; }

    public IObjectManager<Secret> SecretManager { get; }

    public IObjectManager<ConfigMap> ConfigMapManager { get; }

    public Dictionary<string, InMemoryVolumeFileSystem> Volumes { get; } = new(StringComparer.Ordinal);

    private IMeterFactory? Meters { get; }

    /// <summary>The pod of most tests: a secret volume, a configMap volume, a projected volume of both, and an env var from the Secret.</summary>
    public static Pod Pod { get; } = new()
    {
        Namespace = Ns,
        Name = "web",
        Uid = "uid-web",
        Containers =
        [
            new Container
            {
                Name = "app",
                Env = [new EnvVar { Name = "DB_PASSWORD", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector("db", "key") } }],
            },
        ],
        Volumes =
        [
            new Volume { Name = "db", Secret = new SecretVolumeSource { SecretName = "db" } },
            new Volume { Name = "cfg", ConfigMap = new ConfigMapVolumeSource { Name = "settings" } },
            new Volume
            {
                Name = "all",
                Projected = new ProjectedVolumeSource
                {
                    Sources =
                    [
                        new VolumeProjection { Secret = new ProjectedObject { Name = "db", Items = [new KeyToPath { Key = "key", Path = "password" }] } },
                        new VolumeProjection { ConfigMap = new ProjectedObject { Name = "settings" } },
                    ],
                },
            },
        ],
    };

    public static ConfigMap Settings(string level) => new() { Namespace = Ns, Name = "settings", Data = new Dictionary<string, string> { ["level"] = level } };

    /// <summary>The sync's run when it writes into a channel given to it (<see cref="Begin"/> with <c>into</c>), as the node agent runs it.</summary>
    public Task? Run { get; private set; }

    /// <summary>
    /// Creates the sync and runs it; with <c>into</c>, into that channel (as the node agent runs it,
    /// <see cref="PodSynchronizer.RunAsync(ChannelWriter{SyncEvent}, CancellationToken)"/>), whose events are then
    /// read, rather than the sync's own sequence.
    /// </summary>
    public PodSynchronizer Begin(PodSyncOptions? options = null, Pod? pod = null, IServiceAccountTokenSource? tokens = null, IObjectSource<Pod>? pods = null, IClusterObjectSource? cluster = null, Channel<SyncEvent>? into = null)
    {
        var sync = (PodSynchronizer)PodSync.Create(
            pod ?? Pod,
            SecretManager,
            ConfigMapManager,
            name => Volumes.TryGetValue(name, out var volume) ? volume : Volumes[name] = new InMemoryVolumeFileSystem("/volumes/" + name),
            options,
            timeProvider: Clock,
            meterFactory: Meters,
            tokens: tokens,
            cluster: cluster,
            random: new ZeroJitter(),
            pods: pods,
            podChangeDetection: Options);
        sync.IdleProbe = _idle.Writer;
        if (into is null)
        {
            _events = sync.RunAsync(_stop.Token).GetAsyncEnumerator();
        }
        else
        {
            Run = sync.RunAsync(into.Writer, _stop.Token);
            _events = into.Reader.ReadAllAsync().GetAsyncEnumerator();
        }

        return sync;
    }

    /// <summary>The next event.</summary>
    public async Task<SyncEvent> NextAsync()
    {
        Assert.True(await MoveNextAsync(), "the sync ended");
        return _events!.Current;
    }

    /// <summary>The next <paramref name="count"/> events.</summary>
    public async Task<List<SyncEvent>> NextAsync(int count)
    {
        var events = new List<SyncEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    /// <summary>Waits until the sync waits, and returns until when.</summary>
    public async Task<DateTimeOffset> IdleAsync() => await _idle.Reader.ReadAsync(ObjectManagerFixtures.Bounded());

    /// <summary>Waits until the sync waits until <paramref name="due"/> (earlier waits are skipped).</summary>
    public async Task IdleUntilAsync(DateTimeOffset due)
    {
        while (await IdleAsync() != due)
        {
        }
    }

    public string? Read(string volume, string path) =>
        Volumes[volume].ReadFileThroughLinks(path) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Waits for the sync's sequence to end on its own (it is not stopped); returns the events it reported before.</summary>
    public async Task<List<SyncEvent>> EndAsync()
    {
        var rest = new List<SyncEvent>();
        while (await MoveNextAsync())
        {
            rest.Add(_events!.Current);
        }

        return rest;
    }

    /// <summary>Stops the sync; returns the events it reported after those read, until its sequence ended.</summary>
    public async Task<List<SyncEvent>> StopAsync()
    {
        await _stop.CancelAsync();
        var rest = new List<SyncEvent>();
        while (_events is not null && await MoveNextAsync())
        {
            rest.Add(_events.Current);
        }

        return rest;
    }

    private async Task<bool> MoveNextAsync()
    {
        var pending = _pending ??= _events!.MoveNextAsync().AsTask();
        try
        {
            var moved = await pending.WaitAsync(ObjectManagerFixtures.Hang);
            _pending = null;
            return moved;
        }
        catch when (pending.IsFaulted)
        {
            _pending = null; // the sequence ended with the sync's failure: nothing more to read
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_events is not null)
        {
            await _events.DisposeAsync();
        }

        SecretManager.Dispose();
        ConfigMapManager.Dispose();
        _stop.Dispose();
    }

    /// <summary>A token renewal jitter of zero, so that renewal times are exact.</summary>
    private sealed class ZeroJitter : Random
    {
        public override double NextDouble() => 0;

        protected override double Sample() => 0;
    }
}
