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

    /// <summary>Applies the group and permissions to the whole volume, starting with its directory.</summary>
    public static void Apply(IVolumeFileSystem fileSystem, long fsGroup, bool readOnly) =>
        VolumeTree.Walk(fileSystem, string.Empty, (path, entry) =>
        {
            BestEffort(() => fileSystem.SetOwner(path, null, fsGroup));
            if (entry.Kind == VolumeEntryKind.Symlink)
            {
                return;
            }

            var mask = readOnly ? ReadOnlyMask : ReadWriteMask;
            if (entry.Kind == VolumeEntryKind.Directory)
            {
                mask |= SetGroupId | ExecuteMask;
            }

            BestEffort(() => fileSystem.SetMode(path, entry.Mode | mask));
        });

    private static void BestEffort(Action change)
    {
        try
        {
            change();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Upstream: klog.ErrorS(err, "Lchown failed") / "Chmod failed", and on to the next name.
        }
    }
}
