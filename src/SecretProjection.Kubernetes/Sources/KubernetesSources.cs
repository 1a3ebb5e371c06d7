using k8s;
using k8s.Exceptions;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// The Kubernetes API as the kubelet reads it, over KubernetesClient: a source of Secrets and one of ConfigMaps
/// for the Get, TTL-cache and Watch strategies (<see cref="IObjectSource{T}"/>), the pod itself, TokenRequests and the
/// cluster-scoped objects a pod's volumes read (its Node, the ClusterTrustBundles).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="IObjectSource{T}.GetAsync"/> answers 404 as not found and any other failure as a failed lookup
/// with the server's message. <see cref="IObjectSource{T}.ListAsync"/> lists by
/// <c>fieldSelector=metadata.name=NAME</c>; <see cref="IObjectSource{T}.WatchAsync"/> watches the same with
/// bookmarks. Failures of both are <see cref="ObjectSourceException"/>s with the server's status (410 is
/// <see cref="ObjectSourceException.IsExpired"/>). A watch ends when the server closes the stream between two
/// events, and after the one <see cref="SecretProjection.Sources.WatchEventType.Error"/> event of a watch the server refuses; a stream
/// that breaks mid-event throws.
/// </para>
/// <para>Messages name objects and reasons, never values. Thread-safe.</para>
/// </remarks>
public sealed class KubernetesSources : IDisposable
{
    private readonly IKubernetes _client;
    private readonly bool _ownsClient;

    private KubernetesSources(IKubernetes client, bool ownsClient, string? @namespace, KubernetesSourcesOptions options)
    {
        _client = client;
        _ownsClient = ownsClient;
        Namespace = @namespace;
        Secrets = new KubernetesObjectSource<k8s.Models.V1Secret, Secret>(ObjectApis.Secrets(client), options.Random);
        ConfigMaps = new KubernetesObjectSource<k8s.Models.V1ConfigMap, ConfigMap>(ObjectApis.ConfigMaps(client), options.Random);
        Tokens = new KubernetesServiceAccountTokenSource(client);
        Cluster = new KubernetesClusterObjectSource(client);
    }

    /// <summary>The Secrets.</summary>
    public IObjectSource<Secret> Secrets { get; }

    /// <summary>The ConfigMaps.</summary>
    public IObjectSource<ConfigMap> ConfigMaps { get; }

    /// <summary>TokenRequests for the pods' <c>serviceAccountToken</c> sources (verb <c>create</c> on <c>serviceaccounts/token</c>).</summary>
    public IServiceAccountTokenSource Tokens { get; }

    /// <summary>The pods' Nodes and the ClusterTrustBundles (verbs <c>get</c> on <c>nodes</c>, <c>list</c> on <c>clustertrustbundles</c>).</summary>
    public IClusterObjectSource Cluster { get; }

    /// <summary>The namespace of the kubeconfig's context, or <see langword="null"/> when it names none or the sources were made from a client.</summary>
    public string? Namespace { get; }

    /// <summary>Sources over a client the caller keeps and disposes.</summary>
    /// <param name="client">The client.</param>
    /// <returns>The sources; disposing them leaves the client open.</returns>
    public static KubernetesSources Create(IKubernetes client) => Create(client, new KubernetesSourcesOptions());

    /// <summary>Sources over a client the caller keeps and disposes, with options.</summary>
    /// <param name="client">The client.</param>
    /// <param name="options">The options (read once, here).</param>
    /// <returns>The sources; disposing them leaves the client open.</returns>
    public static KubernetesSources Create(IKubernetes client, KubernetesSourcesOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Random, "options.Random");
        return new KubernetesSources(client, ownsClient: false, @namespace: null, options);
    }

    /// <summary>Sources over a client built from a kubeconfig file (<c>KubernetesClientConfiguration.BuildConfigFromConfigFile</c>).</summary>
    /// <param name="kubeconfigPath">The kubeconfig file.</param>
    /// <param name="context">The context to use; the file's <c>current-context</c> when <see langword="null"/>.</param>
    /// <returns>The sources; disposing them disposes the client.</returns>
    /// <exception cref="KubeConfigException">The file cannot be read or does not describe a usable cluster.</exception>
    public static KubernetesSources FromKubeconfig(string kubeconfigPath, string? context = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kubeconfigPath);
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath, context);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            throw new KubeConfigException($"kubeconfig {kubeconfigPath}: {e.Message}", e);
        }

        return new KubernetesSources(new k8s.Kubernetes(configuration), ownsClient: true, configuration.Namespace, new KubernetesSourcesOptions());
    }

    /// <summary>Reads a pod (<c>GET /api/v1/namespaces/NS/pods/NAME</c>), mapped to the model.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The pod's name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Found, not found, or failed with the server's or the transport's reason.</returns>
    public Task<LookupResult<Pod>> GetPodAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ObjectReader.ReadAsync(
            ct => _client.CoreV1.ReadNamespacedPodAsync(name, @namespace, cancellationToken: ct),
            KubernetesModelMapper.ToModel,
            "pods",
            name,
            cancellationToken);
    }

    /// <summary>Disposes the client if these sources built it (<see cref="FromKubeconfig"/>).</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
