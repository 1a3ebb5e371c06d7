using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Agent;

/// <summary>
/// The pods bound to one node, in all namespaces (<c>fieldSelector=spec.nodeName=NODE</c>), as the kubelet's pod
/// config source lists and watches them. The node agent's reflector relists on 410, resumes a closed watch and
/// backs off as the object managers' reflectors do.
/// </summary>
/// <remarks>
/// Implementations: <c>SecretProjection.Kubernetes</c> over KubernetesClient, and an in-memory fake in
/// <c>SecretProjection.Testing</c>. Messages never carry object values.
/// </remarks>
public interface INodePodSource
{
    /// <summary>Lists the node's pods (<c>GET /api/v1/pods?fieldSelector=spec.nodeName=NODE</c>).</summary>
    /// <param name="nodeName">The node.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The pods and the list's resourceVersion to watch from.</returns>
    /// <exception cref="ObjectSourceException">The list failed.</exception>
    Task<PodList> ListAsync(string nodeName, CancellationToken cancellationToken = default);

    /// <summary>Watches the node's pods from <paramref name="resourceVersion"/> (<c>watch=1</c>, with bookmarks); ends when the server closes the stream.</summary>
    /// <param name="nodeName">The node.</param>
    /// <param name="resourceVersion">Where to start: the list's, or the last event's.</param>
    /// <param name="cancellationToken">Stops the watch.</param>
    /// <returns>The events, in the server's order; a too-old resourceVersion as an <see cref="WatchEventType.Error"/> event with status 410.</returns>
    /// <exception cref="ObjectSourceException">The watch could not start or broke.</exception>
    IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string nodeName, string resourceVersion, CancellationToken cancellationToken = default);
}
