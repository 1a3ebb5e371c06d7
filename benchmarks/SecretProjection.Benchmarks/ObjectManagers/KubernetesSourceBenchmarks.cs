using BenchmarkDotNet.Attributes;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;
using k8s;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// What one object costs over HTTP on the real API path (the loopback API server and the real KubernetesClient
/// through <see cref="KubernetesSources"/>), with N Secrets in the namespace: the list by name that each reflector
/// makes to (re)sync its Secret (<c>fieldSelector=metadata.name=NAME</c>), and the GET that the Get and Cache
/// strategies make. Client and server run in this process, so both sides' costs are in the figures.
/// </summary>
[MemoryDiagnoser]
public class KubernetesSourceBenchmarks
{
    private LoopbackApiServer _server = null!;
    private IKubernetes _client = null!;
    private KubernetesSources _sources = null!;
    private string[] _names = [];
    private int _next;

    [Params(100, 1_000)]
    public int Secrets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackApiServer.Start();
        for (var i = 0; i < Secrets; i++)
        {
            _server.State.PutSecret(SecretFleet.Secret(i));
        }

        _names = Enumerable.Range(0, Secrets).Select(SecretFleet.SecretName).ToArray();
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() });
        _sources = KubernetesSources.Create(_client);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sources.Dispose();
        _client.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<Secret?> ListByName() => (await _sources.Secrets.ListAsync(SecretFleet.Namespace, NextName())).Item;

    [Benchmark]
    public async Task<LookupStatus> Get() => (await _sources.Secrets.GetAsync(SecretFleet.Namespace, NextName())).Status;

    private string NextName() => _names[_next = (_next + 1) % _names.Length];
}
