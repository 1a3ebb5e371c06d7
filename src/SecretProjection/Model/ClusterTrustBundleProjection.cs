namespace SecretProjection.Model;

/// <summary>
/// A <c>clusterTrustBundle</c> source of a projected volume: the certificates of one ClusterTrustBundle by
/// <see cref="Name"/>, or of every one a <see cref="SignerName"/> and <see cref="LabelSelector"/> select.
/// </summary>
public sealed record ClusterTrustBundleProjection
{
    /// <summary>The relative path of the file.</summary>
    public required string Path { get; init; }

    /// <summary>The bundle's name. Exactly one of this and <see cref="SignerName"/> is set.</summary>
    public string? Name { get; init; }

    /// <summary>The signer whose bundles are selected.</summary>
    public string? SignerName { get; init; }

    /// <summary>With <see cref="SignerName"/>: which of its bundles; <see langword="null"/> selects none, an empty selector every one.</summary>
    public LabelSelector? LabelSelector { get; init; }

    /// <summary>Whether a missing bundle, or a selection of none, writes an empty file instead of failing. Default: <see langword="false"/>.</summary>
    public bool Optional { get; init; }
}
