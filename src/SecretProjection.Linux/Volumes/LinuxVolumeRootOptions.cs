namespace SecretProjection.Linux.Volumes;

/// <summary>How <see cref="LinuxVolumeRoot"/> makes and opens volume directories.</summary>
public sealed class LinuxVolumeRootOptions
{
    /// <summary>Mount each volume directory as tmpfs, with these options, unless it is a mount point already. Default: <see langword="null"/>, no mount.</summary>
    public TmpfsOptions? Tmpfs { get; init; }

    /// <summary>The options of each volume directory's file system. Default: <see cref="LinuxVolumeOptions"/>'s defaults.</summary>
    public LinuxVolumeOptions Volume { get; init; } = new();
}
