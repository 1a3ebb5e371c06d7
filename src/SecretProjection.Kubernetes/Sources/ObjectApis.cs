using k8s;
using k8s.Models;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>The <see cref="ObjectApi{TClient, TModel}"/> of each kind, over one client.</summary>
internal static class ObjectApis
{
    public static ObjectApi<V1Secret, Secret> Secrets(IKubernetes client) => new(
        "secrets",
        (ns, name, ct) => client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct),
        async (ns, selector, ct) =>
        {
            var list = await client.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        (ns, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedSecretAsync(
            ns, allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
        KubernetesModelMapper.ToModel);

    public static ObjectApi<V1ConfigMap, ConfigMap> ConfigMaps(IKubernetes client) => new(
        "configmaps",
        (ns, name, ct) => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct),
        async (ns, selector, ct) =>
        {
            var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        (ns, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedConfigMapAsync(
            ns, allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
        KubernetesModelMapper.ToModel);

    /// <summary>The pods of one namespace, by name: the pod <c>sync</c> follows.</summary>
    public static ObjectApi<V1Pod, Pod> Pods(IKubernetes client) => new(
        "pods",
        (ns, name, ct) => client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct),
        async (ns, selector, ct) =>
        {
            var list = await client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        (ns, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(
            ns, allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
        KubernetesModelMapper.ToModel);

    /// <summary>The pods of every namespace (<c>/api/v1/pods</c>): the namespace given to a list or watch is ignored.</summary>
    public static ObjectApi<V1Pod, Pod> PodsOfAllNamespaces(IKubernetes client) => new(
        "pods",
        (ns, name, ct) => client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct),
        async (_, selector, ct) =>
        {
            var list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        (_, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
            allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct),
        KubernetesModelMapper.ToModel);
}
