namespace SecretProjection.Linux.Volumes;

/// <summary>How a volume directory is mounted as tmpfs (the kubelet's memory-backed volume).</summary>
public sealed record TmpfsOptions
{
    /// <summary>
    /// The size limit in bytes (tmpfs's <c>size=</c>). Default: <see langword="null"/>, tmpfs's own (half of RAM).
    /// The kubelet bounds a secret, configMap or projected volume's tmpfs by the node's allocatable memory, or the
    /// pod's memory limit when that is lower (<c>calculateEmptyDirMemorySize</c> in pkg/volume/emptydir/empty_dir.go).
    /// </summary>
    public long? SizeBytes { get; init; }

    /// <summary>
    /// The mode of the mounted root, set whatever the umask. Default: <c>0755</c>, so that nobody but the writer
    /// can plant names in the volume. The kubelet leaves its tmpfs at tmpfs's own <c>01777</c> and relies on
    /// <c>/var/lib/kubelet</c> being root's; a shared mode needs <see cref="LinuxVolumeOptions.AllowSharedDirectory"/>.
    /// </summary>
    public int Mode { get; init; } = 0x1ED;

    /// <summary>Mount with <c>nosuid,nodev,noexec</c>. Default: <see langword="true"/>.</summary>
    public bool Restrictive { get; init; } = true;
}
