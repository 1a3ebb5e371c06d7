using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;

namespace SecretProjection.Sources;

/// <summary>
/// A lookup of the pod's Secrets and ConfigMaps together with what is known of the cluster: the pod's node, the
/// ClusterTrustBundles and the pod's tokens, any of them unknown. Give it to <see cref="Projection.PodPlanner"/> in place of the
/// inner lookup.
/// </summary>
public sealed class ClusterSnapshot : IObjectLookup, IClusterObjectLookup
{
    /// <summary>Initializes a new instance of the <see cref="ClusterSnapshot"/> class.</summary>
    /// <param name="objects">Where Secrets and ConfigMaps are read.</param>
    /// <param name="node">The pod's node, or <see langword="null"/>.</param>
    /// <param name="clusterTrustBundles">Every ClusterTrustBundle, or <see langword="null"/>.</param>
    public ClusterSnapshot(IObjectLookup objects, Node? node = null, IReadOnlyList<ClusterTrustBundle>? clusterTrustBundles = null)
    {
        Objects = objects;
        Node = node;
        ClusterTrustBundles = clusterTrustBundles;
    }

    /// <summary>Where Secrets and ConfigMaps are read.</summary>
    public IObjectLookup Objects { get; }

    /// <summary>The pod's node, or <see langword="null"/>.</summary>
    public Node? Node { get; }

    /// <summary>Every ClusterTrustBundle, or <see langword="null"/>.</summary>
    public IReadOnlyList<ClusterTrustBundle>? ClusterTrustBundles { get; }

    /// <summary>
    /// The tokens issued for the pod's <c>serviceAccountToken</c> sources (a failed TokenRequest as a failed result), or
    /// <see langword="null"/> when none were asked for. Default: <see langword="null"/>.
    /// </summary>
    public IReadOnlyDictionary<ServiceAccountTokenProjection, LookupResult<ServiceAccountToken>>? ServiceAccountTokens { get; init; }

    /// <inheritdoc/>
    public string? NodeFailure { get; init; }

    /// <inheritdoc/>
    public string? ClusterTrustBundlesFailure { get; init; }

    /// <inheritdoc/>
    public LookupResult<Secret> GetSecret(string @namespace, string name) => Objects.GetSecret(@namespace, name);

    /// <inheritdoc/>
    public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) => Objects.GetConfigMap(@namespace, name);
}
