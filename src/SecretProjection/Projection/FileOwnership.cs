namespace SecretProjection.Projection;

/// <summary>
/// What <c>fsGroup</c> does to a volume's files (<c>SetVolumeOwnership</c> in <c>pkg/volume/volume_linux.go</c>),
/// and whether the container's user can read a file.
/// </summary>
internal static class FileOwnership
{
    /// <summary>
    /// The bits the kubelet ORs into every file of a read-only volume (secret, configMap and projected volumes all
    /// are) when the pod has an <c>fsGroup</c>: 0440. Directories get 0550 and the setgid bit too.
    /// </summary>
    public const int ReadOnlyGroupMask = 0x120;

    private const int OwnerRead = 0x100;
    private const int GroupRead = 0x20;
    private const int OtherRead = 0x4;

    /// <summary>The mode the container sees.</summary>
    public static int EffectiveMode(int mode, long? fsGroup) => fsGroup is null ? mode : mode | ReadOnlyGroupMask;

    /// <summary>
    /// Whether a process can read a file, by the owner/group/other rule; root always can. The process's groups
    /// are its primary group (<c>runAsGroup</c>, else 0) and the <c>fsGroup</c>.
    /// </summary>
    public static bool CanRead(int mode, long owner, long group, long uid, long gid, long? fsGroup)
    {
        if (uid == 0)
        {
            return true;
        }

        if (owner == uid)
        {
            return (mode & OwnerRead) != 0;
        }

        return group == gid || group == fsGroup ? (mode & GroupRead) != 0 : (mode & OtherRead) != 0;
    }
}
