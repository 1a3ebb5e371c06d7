namespace SecretProjection.Writing;

/// <summary>What a name in a volume directory is, as <c>lstat(2)</c> reports it (links are not followed).</summary>
public enum VolumeEntryKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (its target is not looked at).</summary>
    Symlink,

    /// <summary>Anything else (device, socket, fifo).</summary>
    Other,
}
