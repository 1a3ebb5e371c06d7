using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;
using SecretProjection.Testing.Time;
using k8s;
using static SecretProjection.Benchmarks.ObjectManagers.RelistFleet;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// The <see cref="SecretFleet"/> on the loopback API server, watched by a Secret manager through the real
/// KubernetesClient (<see cref="KubernetesSources"/>): one list and one watch, each an HTTP request, per Secret, as
/// the kubelet's watch-based manager does. HTTP/1.1 without TLS, so every watch is a connection of its own.
/// </summary>
internal sealed class LoopbackRelistFleet : IRelistFleet
{
    private readonly LoopbackApiServer _server;
    private readonly IKubernetes _client;
    private readonly KubernetesSources _sources;
    private readonly IObjectManager<Secret> _manager;

    public LoopbackRelistFleet(int secrets)
    {
        Secrets = secrets;
        Clock = RelistClock();
        _server = LoopbackApiServer.Start();
        for (var i = -SecretFleet.SecretsPerPod; i < secrets; i++)
        {
            _server.State.PutSecret(SecretFleet.Secret(i));
        }

        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() });
        _sources = KubernetesSources.Create(_client);
        _manager = ObjectManager.ForSecrets(_sources.Secrets, new ObjectManagerOptions { SyncTimeout = TimeSpan.FromHours(1) }, Clock);
        foreach (var pod in Enumerable.Range(0, secrets / SecretFleet.SecretsPerPod).Select(i => SecretFleet.Pod(i)))
        {
            _manager.RegisterPod(pod);
        }

        using var hang = new CancellationTokenSource(CacheFleet.Hang);
        _server.State.WaitForOpenWatchesAsync(secrets, hang.Token).GetAwaiter().GetResult();
        for (var i = 0; i < secrets; i++)
        {
            if (_manager.GetAsync(SecretFleet.Namespace, SecretFleet.SecretName(i), hang.Token).AsTask().GetAwaiter().GetResult().Status != LookupStatus.Found)
            {
                throw new InvalidOperationException($"secret {SecretFleet.SecretName(i)} was not synced");
            }
        }
    }

    public int Secrets { get; }

    public SimulatedClock Clock { get; }

    public int Lists => _server.State.Requests.Count(IsList);

    public async Task ExpireAndResyncAsync(CancellationToken cancellationToken)
    {
        Clock.Advance(TimeSpan.FromMinutes(3));
        var lists = Lists + Secrets;
        _server.State.PutSecret(SecretFleet.Secret(-SecretFleet.SecretsPerPod - 1));
        _server.State.CompactHistory();
        _server.State.DropWatches();

        // The server counts a watch until its connection closes, so the count can still be the old one at first.
        while (true)
        {
            await _server.State.WaitForOpenWatchesAsync(Secrets, cancellationToken).ConfigureAwait(false);
            if (Lists >= lists)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _manager.Dispose();
        _sources.Dispose();
        _client.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
        await Clock.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsList(RecordedRequest request) => !request.IsWatch && request.Path.EndsWith("/secrets", StringComparison.Ordinal);
}
