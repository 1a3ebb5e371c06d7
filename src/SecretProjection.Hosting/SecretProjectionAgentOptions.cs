namespace SecretProjection.Hosting;

/// <summary>What the hosted node agent syncs, and where.</summary>
public sealed class SecretProjectionAgentOptions
{
    /// <summary>The node whose pods are synced (<c>spec.nodeName</c>). Required; no default.</summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>The kubelet root directory the pods' volumes are written under. Default: <c>/var/lib/kubelet</c>.</summary>
    public string Root { get; set; } = "/var/lib/kubelet";

    /// <summary>
    /// Whether secret, projected and downwardAPI volume directories get a tmpfs first, as the kubelet backs them
    /// with memory (configMap volumes stay on disk). Needs root. Default: <see langword="false"/>.
    /// </summary>
    public bool Tmpfs { get; set; }
}
