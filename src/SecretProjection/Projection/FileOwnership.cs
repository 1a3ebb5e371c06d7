namespace SecretProjection.Projection;

/// <summary>
/// Whether the container's user can read a file of a volume, by its mode and owners (what <c>fsGroup</c> does to the
/// mode is <c>Writing/VolumeOwnership</c>'s).
/// </summary>
internal static class FileOwnership
{
    private const int OwnerRead = 0x100;
    private const int GroupRead = 0x20;
    private const int OtherRead = 0x4;

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
