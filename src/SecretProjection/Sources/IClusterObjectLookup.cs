using SecretProjection.Model;

namespace SecretProjection.Sources;

/// <summary>
/// What a plan may read beyond the pod's namespace: the node the pod runs on, for unset limits in the Downward API,
/// and the cluster's ClusterTrustBundles. What is <see langword="null"/> is not known, and a volume that needs it
/// needs a cluster.
/// </summary>
public interface IClusterObjectLookup
{
    /// <summary>The pod's node, or <see langword="null"/> when it is not known.</summary>
    Node? Node { get; }

    /// <summary>Every ClusterTrustBundle, or <see langword="null"/> when they are not known.</summary>
    IReadOnlyList<ClusterTrustBundle>? ClusterTrustBundles { get; }
}
