using Microsoft.Extensions.DependencyInjection;
using SecretProjection.Kubernetes.DependencyInjection;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Kubernetes.Tests.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Tests.DependencyInjection;

public sealed class KubernetesSourcesServiceCollectionExtensionsTests : IAsyncLifetime
{
    private readonly LoopbackCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Registers_the_secret_and_configmap_sources_of_one_kubeconfig_client()
    {
        _cluster.Server.WriteKubeconfig(_cluster.KubeconfigPath);
        _cluster.Server.State.PutSecret(LoopbackCluster.Secret("db"));
        await using var provider = new ServiceCollection().AddKubernetesSources(_cluster.KubeconfigPath).BuildServiceProvider();

        var sources = provider.GetRequiredService<KubernetesSources>();
        var secrets = provider.GetRequiredService<IObjectSource<Secret>>();
        var result = await secrets.GetAsync("shop", "db", _cluster.Deadline);

        Assert.Same(sources.Secrets, secrets);
        Assert.Same(sources.ConfigMaps, provider.GetRequiredService<IObjectSource<ConfigMap>>());
        Assert.Equal(LookupStatus.Found, result.Status);
    }

    [Fact]
    public async Task Registers_sources_over_a_given_client_and_leaves_it_open()
    {
        _cluster.Server.State.PutSecret(LoopbackCluster.Secret("db"));
        await using (var provider = new ServiceCollection().AddKubernetesSources(_cluster.Client).BuildServiceProvider())
        {
            Assert.Equal(LookupStatus.Found, (await provider.GetRequiredService<IObjectSource<Secret>>().GetAsync("shop", "db", _cluster.Deadline)).Status);
        }

        var after = await _cluster.Sources.Secrets.GetAsync("shop", "db", _cluster.Deadline);

        Assert.Equal(LookupStatus.Found, after.Status);
    }

    [Fact]
    public async Task Registers_sources_over_the_containers_client()
    {
        var services = new ServiceCollection().AddSingleton(_cluster.Client);
        await using var provider = services.AddKubernetesSources(sp => sp.GetRequiredService<k8s.IKubernetes>()).BuildServiceProvider();

        var result = await provider.GetRequiredService<IObjectSource<ConfigMap>>().GetAsync("shop", "missing", _cluster.Deadline);

        Assert.Equal(LookupStatus.NotFound, result.Status);
    }
}
