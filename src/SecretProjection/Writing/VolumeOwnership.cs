namespace SecretProjection.Writing;

/// <summary>
/// The kubelet's <c>SetVolumeOwnership</c> for an fsGroup: every name in the volume (links not followed) gets
/// the group; files and directories also get group read (and write unless read-only), directories the
/// set-group-id bit and group/other search.
/// </summary>
/// <remarks>
/// As upstream's <c>changeFilePermission</c> (<c>pkg/volume/volume_linux.go</c>), a refused <c>lchown</c> or
/// <c>chmod</c> of one name does not fail the volume: upstream logs it and goes on, so a process that may not
/// give files the group (not root) still publishes the payload, with the modes it could set.
/// </remarks>
internal static class VolumeOwnership
{
    private const int ReadWriteMask = 0x1B0; // 0660
    private const int ReadOnlyMask = 0x120; // 0440
    private const int ExecuteMask = 0x48; // 0110
    private const int SetGroupId = 0x400; // 02000

    /// <summary>The bits the fsGroup step adds to a file (<c>0440</c> read-only, <c>0660</c> otherwise).</summary>
    public static int FileMask(bool readOnly) => readOnly ? ReadOnlyMask : ReadWriteMask;

    /// <summary>The bits the fsGroup step adds to a directory: the file bits, set-group-id and group/other search.</summary>
    public static int DirectoryMask(bool readOnly) => FileMask(readOnly) | SetGroupId | ExecuteMask;

    /// <summary>
    /// Applies the group and permissions to the whole volume, starting with its directory, except the
    /// generation <paramref name="skip"/> (the one being replaced, removed right after the swap: upstream
    /// changes it too, but no reader can tell once it is gone). A name that already has the group and bits is
    /// left alone, which leaves it as upstream's <c>lchown</c>+<c>chmod</c> to the same values would.
    /// </summary>
    public static void Apply(IVolumeFileSystem fileSystem, long fsGroup, bool readOnly, string? skip = null) =>
        VolumeTree.Walk(fileSystem, string.Empty, (path, entry) =>
        {
            if (path == skip)
            {
                return false;
            }

            if (entry.Group != fsGroup)
            {
                VolumeTree.BestEffort(() => fileSystem.SetOwner(path, null, fsGroup));
            }

            if (entry.Kind == VolumeEntryKind.Symlink)
            {
                return true;
            }

            var mask = entry.Kind == VolumeEntryKind.Directory ? DirectoryMask(readOnly) : FileMask(readOnly);
            if ((entry.Mode | mask) != entry.Mode)
            {
                VolumeTree.BestEffort(() => fileSystem.SetMode(path, entry.Mode | mask));
            }

            return true;
        });
}
