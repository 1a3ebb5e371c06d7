using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;

namespace SecretProjection.Sources;

/// <summary>
/// What a plan may read beyond the pod's namespace: the node the pod runs on, for unset limits in the Downward API,
/// the cluster's ClusterTrustBundles, and the tokens the API server issued for the pod's <c>serviceAccountToken</c> sources. What is <see langword="null"/> is not known, and a volume that needs it
/// needs a cluster.
/// </summary>
public interface IClusterObjectLookup
{
    /// <summary>The pod's node, or <see langword="null"/> when it is not known.</summary>
    Node? Node { get; }

    /// <summary>Every ClusterTrustBundle, or <see langword="null"/> when they are not known.</summary>
    IReadOnlyList<ClusterTrustBundle>? ClusterTrustBundles { get; }

    /// <summary>
    /// The answers to the TokenRequests of the pod's <c>serviceAccountToken</c> sources, by source; or
    /// <see langword="null"/> when no API server issues tokens. A source missing from it needs a cluster.
    /// </summary>
    IReadOnlyDictionary<ServiceAccountTokenProjection, LookupResult<ServiceAccountToken>>? ServiceAccountTokens { get; }

    /// <summary>
    /// Why the pod's node could not be read from the API server (its words), when <see cref="Node"/> is
    /// <see langword="null"/> for that reason: a volume that needs the node fails with it rather than as needing a
    /// cluster. Default: <see langword="null"/>.
    /// </summary>
    string? NodeFailure => null;

    /// <summary>
    /// Why the ClusterTrustBundles could not be listed (the API server's words), when
    /// <see cref="ClusterTrustBundles"/> is <see langword="null"/> for that reason. Default: <see langword="null"/>.
    /// </summary>
    string? ClusterTrustBundlesFailure => null;
}
