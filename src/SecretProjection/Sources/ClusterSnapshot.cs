using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;

namespace SecretProjection.Sources;

/// <summary>
/// A lookup of the pod's Secrets and ConfigMaps together with what is known of the cluster: the pod's node, the
/// ClusterTrustBundles and the pod's tokens, any of them unknown. Give it to <see cref="Projection.PodPlanner"/> in place of the
/// inner lookup.
/// </summary>
/// <param name="Objects">Where Secrets and ConfigMaps are read.</param>
/// <param name="Node">The pod's node, or <see langword="null"/>.</param>
/// <param name="ClusterTrustBundles">Every ClusterTrustBundle, or <see langword="null"/>.</param>
public sealed record ClusterSnapshot(IObjectLookup Objects, Node? Node = null, IReadOnlyList<ClusterTrustBundle>? ClusterTrustBundles = null)
    : IObjectLookup, IClusterObjectLookup
{
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
