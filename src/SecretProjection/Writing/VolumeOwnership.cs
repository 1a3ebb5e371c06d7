namespace SecretProjection.Writing;

/// <summary>
/// The kubelet's <c>SetVolumeOwnership</c> for an fsGroup, applied to what this writer made: the volume directory,
/// each generation it creates, and the visible links. Everything gets the group; files and directories also get
/// group read (and write unless read-only), directories the set-group-id bit and group/other search.
/// </summary>
/// <remarks>
/// <para>
/// Upstream walks the whole volume and changes whatever it finds. Here the new generation gets the group and its
/// bits when it is made, so that what is created in it inherits the group (set-group-id), and the files are made
/// with their bits; the volume directory is changed through the descriptor the backend holds, and among the other
/// names only the visible links the payload names, which are this writer's. A name someone planted (a hard link
/// to a file elsewhere, a set-group-id program) is never changed: a hard link is the outside file itself.
/// </para>
/// <para>
/// As upstream's <c>changeFilePermission</c> (<c>pkg/volume/volume_linux.go</c>), a refused <c>lchown</c> or
/// <c>chmod</c> of one name does not fail the volume: upstream logs it and goes on, so a process that may not
/// give files the group (not root) still publishes the payload, with the modes it could set.
/// </para>
/// </remarks>
internal static class VolumeOwnership
{
    /// <summary>
    /// The bits the kubelet ORs into every file of a read-only volume (secret, configMap and projected volumes all
    /// are) when the pod has an fsGroup: group read and, as upstream sets them, owner read (<c>0440</c>).
    /// </summary>
    private const int FileMask = 0x120;

    /// <summary>The bits the fsGroup step adds to a directory: the file bits, set-group-id and group/other search (<c>02550</c>).</summary>
    private const int DirectoryMask = FileMask | 0x400 | 0x48;

    /// <summary>The mode a file of a volume has with <paramref name="fsGroup"/> (the container sees it; the writer sets it).</summary>
    public static int FileMode(int mode, long? fsGroup) => fsGroup is null ? mode : mode | FileMask;

    /// <summary>The mode a directory of a volume has with <paramref name="fsGroup"/>.</summary>
    public static int DirectoryMode(int mode, long? fsGroup) => fsGroup is null ? mode : mode | DirectoryMask;

    /// <summary>
    /// Gives the volume directory the group and its bits, then each of <paramref name="visibleLinks"/> that is a
    /// link the group (links made afterwards inherit it from the volume directory). A name that already has the
    /// group and bits is left alone, which leaves it as upstream's <c>lchown</c>+<c>chmod</c> to the same values would.
    /// </summary>
    public static void Apply(IVolumeFileSystem fileSystem, long fsGroup, IEnumerable<string> visibleLinks)
    {
        if (fileSystem.GetEntry(string.Empty) is { } volume)
        {
            if (volume.Group != fsGroup)
            {
                VolumeTree.BestEffort(() => fileSystem.SetOwner(string.Empty, null, fsGroup));
            }

            var mode = DirectoryMode(volume.Mode, fsGroup);
            if (mode != volume.Mode)
            {
                VolumeTree.BestEffort(() => fileSystem.SetMode(string.Empty, mode));
            }
        }

        foreach (var name in visibleLinks)
        {
            if (fileSystem.GetEntry(name) is { Kind: VolumeEntryKind.Symlink } link && link.Group != fsGroup)
            {
                VolumeTree.BestEffort(() => fileSystem.SetOwner(name, null, fsGroup));
            }
        }
    }
}
