using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Volumes;

/// <summary><c>mount -t tmpfs</c> and <c>umount</c> of a volume directory; needs root (CAP_SYS_ADMIN).</summary>
/// <remarks>
/// The mount is made on a descriptor of the directory, never on its name after a check: with the mount API of
/// Linux 5.2 (<c>fsopen</c>, <c>fsmount</c>, <c>move_mount</c>) where the kernel has it, else <c>mount(2)</c> on
/// the descriptor's <c>/proc/self/fd</c> entry. A directory swapped for a link meanwhile is never mounted over.
/// </remarks>
public static class Tmpfs
{
    private const int DetachLazily = 2; // MNT_DETACH
    private const int NoFollow = 8; // UMOUNT_NOFOLLOW

    /// <summary>Whether the process may mount (it runs as root).</summary>
    public static bool CanMount => Native.Geteuid() == 0;

    /// <summary>Mounts a new tmpfs on <paramref name="directory"/> unless it already is a mount point.</summary>
    /// <param name="directory">An existing directory.</param>
    /// <param name="options">Size, mode and flags; defaults when <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when it mounted; <see langword="false"/> when something was mounted there already.</returns>
    /// <exception cref="IOException">
    /// The mount failed (for example: not root), or <paramref name="directory"/> is a symbolic link: a mount would
    /// follow it and hide whatever it points to.
    /// </exception>
    public static bool Mount(string directory, TmpfsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory).TrimEnd('/');
        using var parent = OpenParent(full);
        var name = Path.GetFileName(full);
        using var target = OpenTarget((int)parent.DangerousGetHandle(), name, directory);
        if (IsMountRoot(target))
        {
            return false;
        }

        MountOn((int)parent.DangerousGetHandle(), name, target, options ?? new TmpfsOptions(), directory).Dispose();
        return true;
    }

    /// <summary>Unmounts <paramref name="directory"/>.</summary>
    /// <param name="directory">A mount point.</param>
    /// <param name="lazily">
    /// Detach it at once and let it go when the last descriptor on it closes (<c>umount -l</c>), as a
    /// <see cref="LinuxVolumeFileSystem"/> not yet disposed holds one. Default: <see langword="false"/>, fail while
    /// it is in use.
    /// </param>
    /// <exception cref="IOException">umount2(2) failed.</exception>
    public static void Unmount(string directory, bool lazily = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Native.Check(Native.Umount2(Path.GetFullPath(directory).TrimEnd('/'), lazily ? DetachLazily : 0), "umount", directory);
    }

    /// <summary>Whether <paramref name="directory"/> is the root of a mount.</summary>
    /// <param name="directory">A directory.</param>
    /// <returns>Whether it is a mount point.</returns>
    public static bool IsMountPoint(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory).TrimEnd('/');
        var parent = Path.GetDirectoryName(full) ?? "/";
        return NativeStat.Device(full) is { } device && NativeStat.Device(parent) is { } parentDevice && device != parentDevice;
    }

    /// <summary>Whether the directory a descriptor holds is the root of a mount (as its device, or Linux 5.8's statx attribute, says).</summary>
    internal static bool IsMountRoot(SafeFileHandle directory)
    {
        var fd = (int)directory.DangerousGetHandle();
        var self = NativeStat.Fstat(fd);
        if (self.IsMountRoot)
        {
            return true;
        }

        var up = Native.Openat(fd, "..", Native.OPath | Native.ODirectory | Native.OCloExec, 0);
        if (up == -1)
        {
            return false;
        }

        try
        {
            var parent = NativeStat.Fstat(up);
            return (parent.DeviceMajor, parent.DeviceMinor) != (self.DeviceMajor, self.DeviceMinor);
        }
        finally
        {
            Native.Close(up);
        }
    }

    /// <summary>
    /// Mounts a tmpfs on the directory <paramref name="target"/> holds (<paramref name="name"/> in
    /// <paramref name="parent"/>), and opens the new mount's root.
    /// </summary>
    /// <returns>The mount's root, opened <c>O_RDONLY|O_DIRECTORY</c>.</returns>
    internal static SafeFileHandle MountOn(int parent, string name, SafeFileHandle target, TmpfsOptions options, string display)
    {
        var mode = Convert.ToString(options.Mode, 8).PadLeft(4, '0');
        var size = options.SizeBytes?.ToString(CultureInfo.InvariantCulture);
        var context = Native.Fsopen("tmpfs", Native.FsopenCloexec);
        if (context == -1)
        {
            if (Marshal.GetLastPInvokeError() != Native.ENOSYS)
            {
                throw Native.LastError("fsopen tmpfs for", display);
            }

            return MountByProcPath(parent, name, target, options, mode, size, display);
        }

        try
        {
            Native.Check(Native.Fsconfig(context, Native.FsconfigSetString, "source", "tmpfs"), "mount", display);
            Native.Check(Native.Fsconfig(context, Native.FsconfigSetString, "mode", mode), "mount", display);
            if (size is not null)
            {
                Native.Check(Native.Fsconfig(context, Native.FsconfigSetString, "size", size), "mount", display);
            }

            Native.Check(Native.Fsconfig(context, Native.FsconfigCmdCreate, null, null), "mount", display);
            var attributes = options.Restrictive ? Native.MountAttrNoSuid | Native.MountAttrNoDev | Native.MountAttrNoExec : 0;
            var mount = Native.Fsmount(context, Native.FsmountCloexec, attributes);
            if (mount == -1)
            {
                throw Native.LastError("mount", display);
            }

            using var root = new SafeFileHandle(mount, ownsHandle: true);
            Native.Check(
                Native.MoveMount(mount, string.Empty, (int)target.DangerousGetHandle(), string.Empty, Native.MoveMountFromEmptyPath | Native.MoveMountToEmptyPath),
                "mount",
                display);
            return OpenRoot(mount, ".", display);
        }
        finally
        {
            Native.Close(context);
        }
    }

    /// <summary>Unmounts the mount whose root <paramref name="root"/> holds (lazily: descriptors still open on it keep it until they close).</summary>
    internal static void Unmount(SafeFileHandle root, string display) =>
        Native.Check(Native.Umount2("/proc/self/fd/" + ((int)root.DangerousGetHandle()).ToString(CultureInfo.InvariantCulture), DetachLazily), "umount", display);

    /// <summary>
    /// Unmounts the mount on <paramref name="name"/> in the directory <paramref name="directory"/> holds, failing while
    /// it is in use (as <c>umount</c> does): the path is that directory's <c>/proc/self/fd</c> entry and the name,
    /// which is not followed if it is a link (<c>UMOUNT_NOFOLLOW</c>), so nothing above it is looked up again.
    /// </summary>
    /// <exception cref="IOException">umount2(2) failed: nothing is mounted there, or it is busy.</exception>
    internal static void UnmountAt(int directory, string name, string display) =>
        Native.Check(Native.Umount2("/proc/self/fd/" + directory.ToString(CultureInfo.InvariantCulture) + "/" + name, NoFollow), "umount", display);

    /// <summary>Before Linux 5.2: <c>mount(2)</c> on the held directory, then its name looked up again and checked to be that mount's root.</summary>
    private static SafeFileHandle MountByProcPath(int parent, string name, SafeFileHandle target, TmpfsOptions options, string mode, string? size, string display)
    {
        var data = "mode=" + mode + (size is null ? string.Empty : ",size=" + size);
        var flags = options.Restrictive ? Native.MsNoSuid | Native.MsNoDev | Native.MsNoExec : 0;
        var proc = "/proc/self/fd/" + ((int)target.DangerousGetHandle()).ToString(CultureInfo.InvariantCulture);
        Native.Check(Native.Mount("tmpfs", proc, "tmpfs", flags, data), "mount", display);
        var root = OpenRoot(parent, name, display);
        if (!IsMountRoot(root))
        {
            root.Dispose();
            throw new IOException($"mount {display}: the directory was replaced while it was mounted");
        }

        return root;
    }

    private static SafeFileHandle OpenParent(string full)
    {
        var parent = Path.GetDirectoryName(full) ?? "/";
        var fd = Native.Openat(Native.AtFdCwd, parent, Native.OPath | Native.ODirectory | Native.OCloExec, 0);
        return fd == -1 ? throw Native.LastError("open", parent) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The directory to mount on, held by an <c>O_PATH</c> descriptor; a link in its place is refused.</summary>
    private static SafeFileHandle OpenTarget(int parent, string name, string display)
    {
        var fd = Native.Openat(parent, name, Native.OPath | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
        if (fd != -1)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        if (NativeStat.Lstat(parent, name) is { Kind: VolumeEntryKind.Symlink })
        {
            throw new IOException($"mount {display}: is a symbolic link; refusing to mount on what it points to");
        }

        throw Native.LastError("mount", display);
    }

    private static SafeFileHandle OpenRoot(int directory, string name, string display)
    {
        var fd = Native.Openat(directory, name, Native.ORdOnly | Native.ODirectory | Native.ONoFollow | Native.OCloExec, 0);
        return fd == -1 ? throw Native.LastError("open", display) : new SafeFileHandle(fd, ownsHandle: true);
    }
}
