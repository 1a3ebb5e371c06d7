using k8s;
using k8s.Models;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// The <see cref="ObjectApi{TClient, TModel}"/> of each kind, over one client. A watch is sent by the client's
/// <see cref="WatchRequestSender"/> and read by <see cref="WatchEventReader"/> when it has one
/// (<see cref="WatchRequestSender.For"/>), else by the client's own <c>WatchList…Async</c>.
/// </summary>
internal static class ObjectApis
{
    public static ObjectApi<V1Secret, Secret> Secrets(IKubernetes client, WatchRequestSender? watches) => new(
        "secrets",
        (ns, name, ct) => client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct),
        async (ns, selector, ct) =>
        {
            var list = await client.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        Watch<V1Secret>(
            watches,
            ns => Namespaced(ns, "secrets"),
            (ns, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedSecretAsync(
                ns, allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        KubernetesModelMapper.ToModel);

    public static ObjectApi<V1ConfigMap, ConfigMap> ConfigMaps(IKubernetes client, WatchRequestSender? watches) => new(
        "configmaps",
        (ns, name, ct) => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct),
        async (ns, selector, ct) =>
        {
            var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        Watch<V1ConfigMap>(
            watches,
            ns => Namespaced(ns, "configmaps"),
            (ns, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedConfigMapAsync(
                ns, allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        KubernetesModelMapper.ToModel);

    /// <summary>The pods of one namespace, by name: the pod <c>sync</c> follows.</summary>
    public static ObjectApi<V1Pod, Pod> Pods(IKubernetes client, WatchRequestSender? watches) => new(
        "pods",
        (ns, name, ct) => client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct),
        async (ns, selector, ct) =>
        {
            var list = await client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        Watch<V1Pod>(
            watches,
            ns => Namespaced(ns, "pods"),
            (ns, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(
                ns, allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        KubernetesModelMapper.ToModel);

    /// <summary>The pods of every namespace (<c>/api/v1/pods</c>): the namespace given to a list or watch is ignored.</summary>
    public static ObjectApi<V1Pod, Pod> PodsOfAllNamespaces(IKubernetes client, WatchRequestSender? watches) => new(
        "pods",
        (ns, name, ct) => client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct),
        async (_, selector, ct) =>
        {
            var list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        Watch<V1Pod>(
            watches,
            _ => "api/v1/pods",
            (_, selector, rv, timeout, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        KubernetesModelMapper.ToModel);

    /// <summary>
    /// A kind's watch: sent by <paramref name="watches"/> to <paramref name="path"/> and read here, or the client's
    /// own (<paramref name="clientWatch"/>) when the client has no sender.
    /// </summary>
    private static Func<string, string, string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> Watch<T>(
        WatchRequestSender? watches,
        Func<string, string> path,
        Func<string, string, string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> clientWatch) =>
        watches is null
            ? clientWatch
            : (ns, selector, rv, timeout, onError, ct) => WatchEventReader.ReadAsync<T>(
                watches, WatchRequestSender.Address(path(ns), selector, rv, timeout), onError, ct);

    /// <summary>A namespaced collection's path, its namespace escaped as the client escapes it: <c>api/v1/namespaces/NS/secrets</c>.</summary>
    private static string Namespaced(string @namespace, string resource) => $"api/v1/namespaces/{Uri.EscapeDataString(@namespace)}/{resource}";
}
