using k8s;
using k8s.Models;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>The three KubernetesClient calls for one kind of object, and how its objects map to the model.</summary>
/// <typeparam name="TClient">The client's type: <see cref="V1Secret"/>.</typeparam>
/// <typeparam name="TModel">The model's type: <see cref="Model.Secret"/>.</typeparam>
/// <param name="Resource">The resource, as messages name it: <c>secrets</c>.</param>
/// <param name="Read">GET one: namespace, name.</param>
/// <param name="List">List: namespace, field selector; the items and the list's resourceVersion.</param>
/// <param name="Watch">Watch: namespace, field selector, resourceVersion, timeout in seconds, the client's error callback.</param>
/// <param name="ToModel">The mapping to the model.</param>
internal sealed record ObjectApi<TClient, TModel>(
    string Resource,
    Func<string, string, CancellationToken, Task<TClient>> Read,
    Func<string, string, CancellationToken, Task<(IList<TClient>? Items, string? ResourceVersion)>> List,
    Func<string, string, string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, TClient)>> Watch,
    Func<TClient, TModel> ToModel)
    where TClient : class, IKubernetesObject<V1ObjectMeta>
    where TModel : class;
