using SecretProjection.Model;

namespace SecretProjection.Sources;

/// <summary>
/// The cluster-scoped objects a pod may read from the API server: the pod's Node (its allocatable, for a Downward API
/// item or an env var whose limit is unset; verb <c>get</c> on <c>nodes</c>) and the ClusterTrustBundles
/// (<c>clusterTrustBundle</c> sources; verb <c>list</c> on <c>clustertrustbundles</c>). The pod sync reads each only
/// when the pod has a source that needs it.
/// </summary>
public interface IClusterObjectSource
{
    /// <summary>Reads a Node.</summary>
    /// <param name="name">The node's name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Found, not found, or failed with the server's or the transport's reason.</returns>
    Task<LookupResult<Node>> GetNodeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists every ClusterTrustBundle.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Found (the list), not found (the server does not serve the API), or failed with the reason.</returns>
    Task<LookupResult<IReadOnlyList<ClusterTrustBundle>>> ListClusterTrustBundlesAsync(CancellationToken cancellationToken = default);
}
