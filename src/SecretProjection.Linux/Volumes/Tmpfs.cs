using System.Globalization;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Volumes;

/// <summary><c>mount -t tmpfs</c> and <c>umount</c> of a volume directory through <c>mount(2)</c>; needs root (CAP_SYS_ADMIN).</summary>
public static class Tmpfs
{
    /// <summary>Whether the process may mount (it runs as root).</summary>
    public static bool CanMount => Native.Geteuid() == 0;

    /// <summary>Mounts a new tmpfs on <paramref name="directory"/> unless it already is a mount point.</summary>
    /// <param name="directory">An existing directory.</param>
    /// <param name="options">Size, mode and flags; defaults when <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when it mounted; <see langword="false"/> when something was mounted there already.</returns>
    /// <exception cref="IOException">
    /// mount(2) failed (for example: not root), or <paramref name="directory"/> is a symbolic link: mount(2)
    /// would follow it and hide whatever it points to.
    /// </exception>
    public static bool Mount(string directory, TmpfsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new TmpfsOptions();
        var full = Path.GetFullPath(directory).TrimEnd('/');
        if (NativeStat.Lstat(full) is { Kind: VolumeEntryKind.Symlink })
        {
            throw new IOException($"mount {directory}: is a symbolic link; refusing to mount on what it points to");
        }

        if (IsMountPoint(full))
        {
            return false;
        }

        var data = "mode=" + Convert.ToString(options.Mode, 8).PadLeft(4, '0')
            + (options.SizeBytes is { } size ? ",size=" + size.ToString(CultureInfo.InvariantCulture) : string.Empty);
        var flags = options.Restrictive ? Native.MsNoSuid | Native.MsNoDev | Native.MsNoExec : 0;
        Native.Check(Native.Mount("tmpfs", full, "tmpfs", flags, data), "mount", directory);
        return true;
    }

    /// <summary>Unmounts <paramref name="directory"/>.</summary>
    /// <param name="directory">A mount point.</param>
    /// <exception cref="IOException">umount2(2) failed.</exception>
    public static void Unmount(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Native.Check(Native.Umount2(Path.GetFullPath(directory).TrimEnd('/'), 0), "umount", directory);
    }

    /// <summary>Whether <paramref name="directory"/> is on another device than its parent.</summary>
    /// <param name="directory">A directory.</param>
    /// <returns>Whether it is a mount point.</returns>
    public static bool IsMountPoint(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory).TrimEnd('/');
        var parent = Path.GetDirectoryName(full) ?? "/";
        return NativeStat.Device(full) is { } device && NativeStat.Device(parent) is { } parentDevice && device != parentDevice;
    }

}
