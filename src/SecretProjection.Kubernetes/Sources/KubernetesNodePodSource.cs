using k8s.Models;
using SecretProjection.Agent;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// <see cref="INodePodSource"/> over KubernetesClient: <c>GET /api/v1/pods?fieldSelector=spec.nodeName=NODE</c> and
/// its watch with bookmarks, as the kubelet's API pod source asks (<c>pkg/kubelet/config/apiserver.go</c>).
/// </summary>
internal sealed class KubernetesNodePodSource(KubernetesObjectSource<V1Pod, Pod> pods) : INodePodSource
{
    /// <summary>The kubelet's selector: <c>fields.OneTermEqualSelector("spec.nodeName", nodeName)</c>.</summary>
    public static string Selector(string nodeName) => "spec.nodeName=" + nodeName;

    public async Task<PodList> ListAsync(string nodeName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        var (items, resourceVersion) = await pods.ListSelectedAsync(string.Empty, Selector(nodeName), cancellationToken).ConfigureAwait(false);
        return new PodList(items.Where(i => i is not null).Select(pods.ToModel).ToArray(), resourceVersion);
    }

    public IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string nodeName, string resourceVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(resourceVersion);
        return pods.WatchSelectedAsync(string.Empty, Selector(nodeName), resourceVersion, cancellationToken);
    }
}
