using k8s;
using Microsoft.Extensions.DependencyInjection;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.DependencyInjection;

/// <summary>
/// Registers the Kubernetes API sources: a singleton <see cref="KubernetesSources"/>, and its
/// <see cref="IObjectSource{T}"/> of <see cref="Secret"/> and of <see cref="ConfigMap"/>, which the change-detection
/// strategies consume, the one of <see cref="Pod"/> through which a pod sync follows its pod, the <see cref="Agent.INodePodSource"/> the node agent lists and watches, and the
/// <see cref="ServiceAccountTokens.IServiceAccountTokenSource"/> and <see cref="IClusterObjectSource"/> the pod syncs
/// ask for tokens, Nodes and ClusterTrustBundles.
/// </summary>
public static class KubernetesSourcesServiceCollectionExtensions
{
    /// <summary>Registers sources over a client built from a kubeconfig file when first needed; the container disposes it.</summary>
    /// <param name="services">The services.</param>
    /// <param name="kubeconfigPath">The kubeconfig file.</param>
    /// <param name="context">The context; the file's <c>current-context</c> when <see langword="null"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKubernetesSources(this IServiceCollection services, string kubeconfigPath, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(kubeconfigPath);
        return Register(services, _ => KubernetesSources.FromKubeconfig(kubeconfigPath, context));
    }

    /// <summary>
    /// Registers sources over a client configured as kubectl finds its cluster (<see cref="KubernetesSources.FromDefaultConfig"/>:
    /// the file given, <c>$KUBECONFIG</c>, <c>~/.kube/config</c>, or the pod's service account), made when first needed.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="kubeconfigPath">The kubeconfig file, or <see langword="null"/> to look for one.</param>
    /// <param name="context">The context; the current-context when <see langword="null"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKubernetesSourcesFromDefaultConfig(this IServiceCollection services, string? kubeconfigPath = null, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Register(services, _ => KubernetesSources.FromDefaultConfig(kubeconfigPath, context));
    }

    /// <summary>Registers sources over a client the caller keeps and disposes.</summary>
    /// <param name="services">The services.</param>
    /// <param name="client">The client.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKubernetesSources(this IServiceCollection services, IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(client);
        return Register(services, _ => KubernetesSources.Create(client));
    }

    /// <summary>Registers sources over a client taken from the container (or made) when first needed; the sources do not dispose it.</summary>
    /// <param name="services">The services.</param>
    /// <param name="clientFactory">Gives the client: <c>sp => sp.GetRequiredService&lt;IKubernetes&gt;()</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKubernetesSources(this IServiceCollection services, Func<IServiceProvider, IKubernetes> clientFactory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clientFactory);
        return Register(services, sp => KubernetesSources.Create(clientFactory(sp)));
    }

    private static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, KubernetesSources> create)
    {
        services.AddSingleton(create);
        services.AddSingleton(sp => sp.GetRequiredService<KubernetesSources>().Secrets);
        services.AddSingleton(sp => sp.GetRequiredService<KubernetesSources>().ConfigMaps);
        services.AddSingleton(sp => sp.GetRequiredService<KubernetesSources>().Pods);
        services.AddSingleton(sp => sp.GetRequiredService<KubernetesSources>().NodePods);
        services.AddSingleton(sp => sp.GetRequiredService<KubernetesSources>().Tokens);
        services.AddSingleton(sp => sp.GetRequiredService<KubernetesSources>().Cluster);
        return services;
    }
}
