using k8s.Exceptions;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>The public entry: building the sources from a kubeconfig, and reading the pod.</summary>
public sealed class KubernetesSourcesTests : IAsyncLifetime
{
    private readonly LoopbackCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_pod_read_from_the_server_maps_to_the_model_as_the_manifest_reader_maps_it()
    {
        SampleManifests.LoadInto(_cluster.Server, SampleManifests.PathOf("pod.yaml"));
        var expected = ManifestReader.Read(File.ReadAllText(SampleManifests.PathOf("pod.yaml")), "pod.yaml").Pods.Single();

        var result = await _cluster.Sources.GetPodAsync("shop", "web", _cluster.Deadline);

        Assert.Equal(LookupStatus.Found, result.Status);
        var pod = result.Value!;
        Assert.Equal((expected.QualifiedName, expected.SecurityContext, expected.ServiceAccountName), (pod.QualifiedName, pod.SecurityContext, pod.ServiceAccountName));
        Assert.Equal(expected.Volumes.Select(v => (v.Name, v.Secret?.SecretName, v.Secret?.DefaultMode, v.Secret?.Items.Count)), pod.Volumes.Select(v => (v.Name, v.Secret?.SecretName, v.Secret?.DefaultMode, v.Secret?.Items.Count)));
        Assert.Equal(expected.AllContainers().Select(c => (c.Container.Name, c.Kind, c.Container.Env.Count, c.Container.EnvFrom.Count, c.Container.VolumeMounts.Count)), pod.AllContainers().Select(c => (c.Container.Name, c.Kind, c.Container.Env.Count, c.Container.EnvFrom.Count, c.Container.VolumeMounts.Count)));
        Assert.False(string.IsNullOrEmpty(pod.Uid));
        Assert.Equal("GET /api/v1/namespaces/shop/pods/web", _cluster.Server.State.Requests.Single().ToString());
    }

    [Fact]
    public async Task A_missing_pod_is_not_found_and_a_failing_read_is_failed()
    {
        var missing = await _cluster.Sources.GetPodAsync("shop", "web", _cluster.Deadline);
        _cluster.Server.State.FailNextRequests(1, 503);
        var failing = await _cluster.Sources.GetPodAsync("shop", "web", _cluster.Deadline);

        Assert.Equal(LookupStatus.NotFound, missing.Status);
        Assert.Equal((LookupStatus.Failed, "injected fault"), (failing.Status, failing.Failure));
    }

    [Fact]
    public async Task The_sample_secrets_load_into_the_server_and_read_back_as_the_manifest_reader_reads_them()
    {
        string[] files = [SampleManifests.PathOf("app-secrets.yaml"), SampleManifests.PathOf("pull-secrets.yaml")];
        var loaded = SampleManifests.LoadInto(_cluster.Server, files);
        var expected = ManifestSet.Concat(files.Select(f => ManifestReader.Read(File.ReadAllText(f), f))).Secrets.ToList();

        foreach (var secret in expected)
        {
            var read = await _cluster.Sources.Secrets.GetAsync(secret.Namespace, secret.Name, _cluster.Deadline);
            Assert.Equal((secret.Type, secret.Immutable), (read.Value!.Type, read.Value.Immutable));
            Assert.Equal(secret.Data, read.Value.Data);
        }

        Assert.Equal(expected.Count + 1, loaded); // and the ConfigMap; the ServiceAccount is skipped
    }

    [Fact]
    public async Task From_kubeconfig_reaches_the_server_and_takes_the_contexts_namespace()
    {
        _cluster.Server.WriteKubeconfig(_cluster.KubeconfigPath, "shop");
        _cluster.Server.State.PutSecret(LoopbackCluster.Secret("db"));
        using var sources = KubernetesSources.FromKubeconfig(_cluster.KubeconfigPath);

        var result = await sources.Secrets.GetAsync(sources.Namespace!, "db", _cluster.Deadline);

        Assert.Equal("shop", sources.Namespace);
        Assert.Equal(LookupStatus.Found, result.Status);
    }

    [Fact]
    public void From_a_missing_kubeconfig_is_a_kubeconfig_error_naming_the_file()
    {
        var failure = Assert.Throws<KubeConfigException>(() => KubernetesSources.FromKubeconfig(_cluster.KubeconfigPath));

        Assert.Contains(_cluster.KubeconfigPath, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_an_unreadable_kubeconfig_is_a_kubeconfig_error()
    {
        File.WriteAllText(_cluster.KubeconfigPath, "clusters: [unclosed");

        Assert.Throws<KubeConfigException>(() => KubernetesSources.FromKubeconfig(_cluster.KubeconfigPath));
    }

    [Fact]
    public async Task Disposing_sources_made_from_a_client_leaves_the_client_usable()
    {
        _cluster.Server.State.PutSecret(LoopbackCluster.Secret("db"));
        KubernetesSources.Create(_cluster.Client).Dispose();

        var result = await _cluster.Sources.Secrets.GetAsync("shop", "db", _cluster.Deadline);

        Assert.Equal(LookupStatus.Found, result.Status);
    }

    [Fact]
    public void Sources_over_a_Kubernetes_client_or_from_a_kubeconfig_read_their_watches_themselves()
    {
        _cluster.Server.WriteKubeconfig(_cluster.KubeconfigPath, "shop");
        using var fromKubeconfig = KubernetesSources.FromKubeconfig(_cluster.KubeconfigPath);

        Assert.True(_cluster.Sources.ReadsWatches);
        Assert.True(fromKubeconfig.ReadsWatches);
    }
}
