using SecretProjection.Model;

namespace SecretProjection.Sources;

/// <summary>
/// A lookup of the pod's Secrets and ConfigMaps together with what is known of the cluster: the pod's node and the
/// ClusterTrustBundles, either of them unknown. Give it to <see cref="Projection.PodPlanner"/> in place of the
/// inner lookup.
/// </summary>
/// <param name="Objects">Where Secrets and ConfigMaps are read.</param>
/// <param name="Node">The pod's node, or <see langword="null"/>.</param>
/// <param name="ClusterTrustBundles">Every ClusterTrustBundle, or <see langword="null"/>.</param>
public sealed record ClusterSnapshot(IObjectLookup Objects, Node? Node = null, IReadOnlyList<ClusterTrustBundle>? ClusterTrustBundles = null)
    : IObjectLookup, IClusterObjectLookup
{
    /// <inheritdoc/>
    public LookupResult<Secret> GetSecret(string @namespace, string name) => Objects.GetSecret(@namespace, name);

    /// <inheritdoc/>
    public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) => Objects.GetConfigMap(@namespace, name);
}
