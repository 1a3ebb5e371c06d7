using SecretProjection.Kubernetes.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.Testing.Api;
using SecretProjection.Testing.Time;

namespace SecretProjection.Kubernetes.Tests.Syncing;

/// <summary>
/// A pod sync's surroundings over the loopback API server: the server and the sync on one simulated clock, the real
/// KubernetesClient and its sources, the object managers, a hang bound; and reading the sync's events.
/// </summary>
internal sealed class LoopbackSync : IAsyncDisposable
{
    /// <summary>Where the clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60)); // a hang bound only
    private readonly k8s.Kubernetes _client;
    private IObjectManager<Secret>? _secrets;
    private IObjectManager<ConfigMap>? _configMaps;

    public LoopbackSync()
    {
        Server = LoopbackApiServer.Start(new LoopbackApiServerOptions { State = new ApiServerState(new ApiServerStateOptions { TimeProvider = Clock }) });
        _client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
        Sources = KubernetesSources.Create(_client);
    }

    /// <summary>The clock of the server and of the sync.</summary>
    public SimulatedClock Clock { get; } = new(Start);

    public LoopbackApiServer Server { get; }

    public KubernetesSources Sources { get; }

    /// <summary>Cancelled when a test hangs.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>The Secret and ConfigMap managers over the server, disposed with this.</summary>
    public (IObjectManager<Secret> Secrets, IObjectManager<ConfigMap> ConfigMaps) Managers(ObjectManagerOptions options)
    {
        _secrets = ObjectManager.ForSecrets(Sources.Secrets, options, Clock);
        _configMaps = ObjectManager.ForConfigMaps(Sources.ConfigMaps, options, Clock);
        return (_secrets, _configMaps);
    }

    public static async Task<SyncEvent> NextAsync(IAsyncEnumerator<SyncEvent> events)
    {
        Assert.True(await events.MoveNextAsync(), "the sync ended");
        return events.Current;
    }

    public static async Task<List<SyncEvent>> NextAsync(IAsyncEnumerator<SyncEvent> events, int count)
    {
        var read = new List<SyncEvent>();
        for (var i = 0; i < count; i++)
        {
            read.Add(await NextAsync(events));
        }

        return read;
    }

    public async ValueTask DisposeAsync()
    {
        await _deadline.CancelAsync();
        _secrets?.Dispose();
        _configMaps?.Dispose();
        Sources.Dispose();
        _client.Dispose();
        await Server.DisposeAsync();
        await Clock.DisposeAsync();
        _deadline.Dispose();
    }
}
