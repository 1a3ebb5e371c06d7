namespace SecretProjection.Model;

/// <summary>A <c>certificates.k8s.io</c> ClusterTrustBundle: a cluster-scoped set of trust anchors in PEM.</summary>
public sealed record ClusterTrustBundle
{
    /// <summary>The object name.</summary>
    public required string Name { get; init; }

    /// <summary>The signer the bundle belongs to, or empty for a bundle of no signer. Default: empty.</summary>
    public string SignerName { get; init; } = string.Empty;

    /// <summary>The labels. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ObjectDefaults.NoLabels;

    /// <summary>The certificates, as PEM <c>CERTIFICATE</c> blocks. Default: empty.</summary>
    public string TrustBundle { get; init; } = string.Empty;
}
