namespace SecretProjection.Linux.Volumes;

/// <summary>How a volume directory is mounted as tmpfs (the kubelet's memory-backed volume).</summary>
public sealed record TmpfsOptions
{
    /// <summary>The size limit in bytes. Default: <see langword="null"/>, tmpfs's own (half of RAM).</summary>
    public long? SizeBytes { get; init; }

    /// <summary>The mode of the mounted root. Default: <c>01777</c>, what a kubelet secret volume shows.</summary>
    public int Mode { get; init; } = 0x3FF;

    /// <summary>Mount with <c>nosuid,nodev,noexec</c>. Default: <see langword="true"/>.</summary>
    public bool Restrictive { get; init; } = true;
}
