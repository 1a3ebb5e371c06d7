using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using SecretProjection.Agent;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// The Kubernetes API as the kubelet reads it, over KubernetesClient: a source of Secrets and one of ConfigMaps
/// for the Get, TTL-cache and Watch strategies (<see cref="IObjectSource{T}"/>), the pod itself (read, and followed by
/// its sync), TokenRequests and the
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
        var watches = WatchRequestSender.For(client);
        ReadsWatches = watches is not null;
        Secrets = new KubernetesObjectSource<k8s.Models.V1Secret, Secret>(ObjectApis.Secrets(client, watches), options.Random);
        ConfigMaps = new KubernetesObjectSource<k8s.Models.V1ConfigMap, ConfigMap>(ObjectApis.ConfigMaps(client, watches), options.Random);
        Pods = new KubernetesObjectSource<k8s.Models.V1Pod, Pod>(ObjectApis.Pods(client, watches), options.Random);
        NodePods = new KubernetesNodePodSource(new KubernetesObjectSource<k8s.Models.V1Pod, Pod>(ObjectApis.PodsOfAllNamespaces(client, watches), options.Random));
        Tokens = new KubernetesServiceAccountTokenSource(client);
        Cluster = new KubernetesClusterObjectSource(client);
    }

    /// <summary>The Secrets.</summary>
    public IObjectSource<Secret> Secrets { get; }

    /// <summary>The ConfigMaps.</summary>
    public IObjectSource<ConfigMap> ConfigMaps { get; }

    /// <summary>
    /// The pods, one by name, as a pod sync follows its pod: read (<c>get</c>) and, under the Watch strategy, listed
    /// and watched by <c>fieldSelector=metadata.name=NAME</c> (<c>list</c>, <c>watch</c>).
    /// </summary>
    public IObjectSource<Pod> Pods { get; }

    /// <summary>The pods of a node, in all namespaces (<c>fieldSelector=spec.nodeName=NODE</c>), for the node agent.</summary>
    public INodePodSource NodePods { get; }

    /// <summary>TokenRequests for the pods' <c>serviceAccountToken</c> sources (verb <c>create</c> on <c>serviceaccounts/token</c>).</summary>
    public IServiceAccountTokenSource Tokens { get; }

    /// <summary>The pods' Nodes and the ClusterTrustBundles (verbs <c>get</c> on <c>nodes</c>, <c>list</c> on <c>clustertrustbundles</c>).</summary>
    public IClusterObjectSource Cluster { get; }

    /// <summary>Whether watches are sent through the client and read here (<see cref="WatchEventReader"/>) rather than by the client's own watch.</summary>
    internal bool ReadsWatches { get; }

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
            configuration = Build(KubernetesClientConfiguration.LoadKubeConfig(kubeconfigPath), context);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            throw new KubeConfigException($"kubeconfig {kubeconfigPath}: {e.Message}", e);
        }

        return new KubernetesSources(new k8s.Kubernetes(configuration), ownsClient: true, configuration.Namespace, new KubernetesSourcesOptions());
    }

    /// <summary>
    /// Sources over a client configured as kubectl finds its cluster: <paramref name="kubeconfigPath"/> when given,
    /// else the files of <c>$KUBECONFIG</c> (merged, the first occurrence wins), else <c>~/.kube/config</c>, else
    /// the pod's service account when running in a cluster. KubernetesClient's own loading does each step.
    /// </summary>
    /// <param name="kubeconfigPath">The kubeconfig file (<c>--kubeconfig</c>), or <see langword="null"/> to look for one.</param>
    /// <param name="context">The context to use; the current-context when <see langword="null"/>. Ignored in a cluster.</param>
    /// <returns>The sources; disposing them disposes the client.</returns>
    /// <exception cref="KubeConfigException">No configuration was found, or the one found cannot be used.</exception>
    public static KubernetesSources FromDefaultConfig(string? kubeconfigPath = null, string? context = null)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            return FromKubeconfig(kubeconfigPath, context);
        }

        var fromEnvironment = System.Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var files = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            KubernetesClientConfiguration configuration;
            try
            {
                // As kubectl: files that do not exist are skipped, and the others merged, the first occurrence of a name
                // winning, before the context is picked (its user may come from another file than its cluster).
#pragma warning disable RS0030 // Which kubeconfig files exist, as kubectl asks: KubernetesClient reads them itself.
                var loaded = files.Where(File.Exists).Select(f => KubernetesClientConfiguration.LoadKubeConfig(f)).ToArray();
#pragma warning restore RS0030
                configuration = Build(loaded.Length > 0 ? Merge(loaded) : throw new KubeConfigException($"KUBECONFIG {fromEnvironment}: none of these files exists"), context);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
            {
                throw new KubeConfigException($"KUBECONFIG {fromEnvironment}: {e.Message}", e);
            }

            return new KubernetesSources(new k8s.Kubernetes(configuration), ownsClient: true, configuration.Namespace, new KubernetesSourcesOptions());
        }

#pragma warning disable RS0030 // Whether ~/.kube/config exists, as kubectl asks: KubernetesClient reads it itself.
        if (File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation))
#pragma warning restore RS0030
        {
            return FromKubeconfig(KubernetesClientConfiguration.KubeConfigDefaultLocation, context);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            var configuration = KubernetesClientConfiguration.InClusterConfig();
            return new KubernetesSources(new k8s.Kubernetes(configuration), ownsClient: true, configuration.Namespace, new KubernetesSourcesOptions());
        }

        throw new KubeConfigException(
            $"no cluster to talk to: pass --kubeconfig, set KUBECONFIG, create {KubernetesClientConfiguration.KubeConfigDefaultLocation}, or run in a pod with a service account");
    }

    /// <summary>
    /// The client configuration of a context. A user without credentials is anonymous, as kubectl takes it;
    /// KubernetesClient refuses such a user, so the context is given none.
    /// </summary>
    private static KubernetesClientConfiguration Build(K8SConfiguration config, string? context)
    {
        foreach (var details in (config.Contexts ?? []).Select(c => c.ContextDetails).Where(d => d?.User is { Length: > 0 }))
        {
            var user = config.Users?.FirstOrDefault(u => string.Equals(u.Name, details!.User, StringComparison.OrdinalIgnoreCase));
            if (user is not null && IsAnonymous(user.UserCredentials))
            {
                details!.User = null;
            }
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigObject(config, context);
    }

    private static bool IsAnonymous(UserCredentials? credentials) =>
        credentials is null || (string.IsNullOrEmpty(credentials.Token) && string.IsNullOrEmpty(credentials.UserName)
            && string.IsNullOrEmpty(credentials.ClientCertificateData) && string.IsNullOrEmpty(credentials.ClientCertificate)
            && credentials.AuthProvider is null && credentials.ExternalExecution is null);

    /// <summary>kubectl's merge of the <c>KUBECONFIG</c> files: the first occurrence of a name, and of <c>current-context</c>, wins.</summary>
    private static K8SConfiguration Merge(K8SConfiguration[] configs)
    {
        var merged = configs[0];
        merged.CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        merged.Clusters = [.. configs.SelectMany(c => c.Clusters ?? []).DistinctBy(c => c.Name)];
        merged.Users = [.. configs.SelectMany(c => c.Users ?? []).DistinctBy(u => u.Name)];
        merged.Contexts = [.. configs.SelectMany(c => c.Contexts ?? []).DistinctBy(c => c.Name)];
        return merged;
    }

    /// <summary>Reads a pod (<c>GET /api/v1/namespaces/NS/pods/NAME</c>), mapped to the model.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The pod's name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Found, not found, or failed with the server's or the transport's reason.</returns>
    public Task<LookupResult<Pod>> GetPodAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Pods.GetAsync(@namespace, name, cancellationToken);

    /// <summary>Reads a ServiceAccount (<c>GET /api/v1/namespaces/NS/serviceaccounts/NAME</c>), mapped to the model.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The ServiceAccount's name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Found, not found, or failed with the server's or the transport's reason.</returns>
    public Task<LookupResult<ServiceAccount>> GetServiceAccountAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ObjectReader.ReadAsync(
            ct => _client.CoreV1.ReadNamespacedServiceAccountAsync(name, @namespace, cancellationToken: ct),
            KubernetesModelMapper.ToModel,
            "serviceaccounts",
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
