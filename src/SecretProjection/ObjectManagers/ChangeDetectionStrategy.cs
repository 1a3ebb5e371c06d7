namespace SecretProjection.ObjectManagers;

/// <summary>
/// How the object managers learn about changes to Secrets and ConfigMaps: the kubelet's
/// <c>configMapAndSecretChangeDetectionStrategy</c>.
/// </summary>
public enum ChangeDetectionStrategy
{
    /// <summary>One list and watch per referenced object; reads are served from what the watch delivered (the kubelet's default).</summary>
    Watch,

    /// <summary>Reads are served from a cache that is refetched once an entry is older than its TTL.</summary>
    Cache,

    /// <summary>Every read goes to the source.</summary>
    Get,
}
