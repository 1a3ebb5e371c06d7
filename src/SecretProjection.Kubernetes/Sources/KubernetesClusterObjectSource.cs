using k8s;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// The pod's Node (<c>GET /api/v1/nodes/NAME</c>) and the ClusterTrustBundles
/// (<c>GET /apis/certificates.k8s.io/v1beta1/clustertrustbundles</c>) over KubernetesClient. 404 is not found (for the
/// list: the server does not serve the API); any other failure is a failed lookup with the server's message.
/// </summary>
internal sealed class KubernetesClusterObjectSource : IClusterObjectSource
{
    private readonly IKubernetes _client;

    public KubernetesClusterObjectSource(IKubernetes client)
    {
        _client = client;
    }

    public Task<LookupResult<Node>> GetNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ObjectReader.ReadAsync(ct => _client.CoreV1.ReadNodeAsync(name, cancellationToken: ct), KubernetesModelMapper.ToModel, "nodes", name, cancellationToken);
    }

    public Task<LookupResult<IReadOnlyList<ClusterTrustBundle>>> ListClusterTrustBundlesAsync(CancellationToken cancellationToken = default) =>
        ObjectReader.ReadAsync(
            ct => _client.CertificatesV1beta1.ListClusterTrustBundleAsync(cancellationToken: ct),
            list => (IReadOnlyList<ClusterTrustBundle>)(list.Items ?? []).Select(KubernetesModelMapper.ToModel).ToArray(),
            "clustertrustbundles",
            null,
            cancellationToken);
}
