namespace SecretProjection.Model;

/// <summary>One source of a projected volume. Exactly one member is set.</summary>
public sealed record VolumeProjection
{
    /// <summary>A Secret source.</summary>
    public ProjectedObject? Secret { get; init; }

    /// <summary>A ConfigMap source.</summary>
    public ProjectedObject? ConfigMap { get; init; }

    /// <summary>A <c>downwardAPI</c> source; its <see cref="DownwardApiVolumeSource.DefaultMode"/> is not used (the volume's applies).</summary>
    public DownwardApiVolumeSource? DownwardApi { get; init; }

    /// <summary>A <c>serviceAccountToken</c> source.</summary>
    public ServiceAccountTokenProjection? ServiceAccountToken { get; init; }

    /// <summary>A <c>clusterTrustBundle</c> source.</summary>
    public ClusterTrustBundleProjection? ClusterTrustBundle { get; init; }

    /// <summary>The kind of a source this library represents but does not plan (<c>downwardAPI</c>, <c>serviceAccountToken</c>, …).</summary>
    public string? UnsupportedKind { get; init; }
}
