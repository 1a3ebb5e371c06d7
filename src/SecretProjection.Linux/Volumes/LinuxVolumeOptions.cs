namespace SecretProjection.Linux.Volumes;

/// <summary>How <see cref="LinuxVolumeFileSystem"/> treats its volume directory.</summary>
public sealed class LinuxVolumeOptions
{
    /// <summary>
    /// Whether to write into a volume directory that others can write to: group- or other-writable (a kubelet's
    /// tmpfs is 01777, protected only by <c>/var/lib/kubelet</c> being root's), or owned by a user other than root
    /// and this process. Whoever can write there can plant the names readers follow; the writer replaces planted
    /// names it owns, but cannot stop new ones. Default: <see langword="false"/>, such a write fails with an
    /// <see cref="IOException"/> that says why.
    /// </summary>
    public bool AllowSharedDirectory { get; init; }
}
