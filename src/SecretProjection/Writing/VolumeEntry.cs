namespace SecretProjection.Writing;

/// <summary>The <c>lstat(2)</c> view of one name in a volume: kind, permission bits and owners.</summary>
public sealed class VolumeEntry
{
    /// <summary>Initializes a new instance of the <see cref="VolumeEntry"/> class.</summary>
    /// <param name="kind">File, directory, symlink or other.</param>
    /// <param name="mode">The permission bits including setuid/setgid/sticky (0..07777).</param>
    /// <param name="user">The owning user id.</param>
    /// <param name="group">The owning group id.</param>
    /// <param name="size">The size in bytes (for a link, the length of its target).</param>
    public VolumeEntry(VolumeEntryKind kind, int mode, long user, long group, long size)
    {
        Kind = kind;
        Mode = mode;
        User = user;
        Group = group;
        Size = size;
    }

    /// <summary>File, directory, symlink or other.</summary>
    public VolumeEntryKind Kind { get; }

    /// <summary>The permission bits including setuid/setgid/sticky (0..07777).</summary>
    public int Mode { get; }

    /// <summary>The owning user id.</summary>
    public long User { get; }

    /// <summary>The owning group id.</summary>
    public long Group { get; }

    /// <summary>The size in bytes (for a link, the length of its target).</summary>
    public long Size { get; }
}
