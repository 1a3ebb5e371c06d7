using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Volumes;

/// <summary><c>statx(2)</c> without following a last link; its buffer layout is the same on every architecture.</summary>
internal static class NativeStat
{
    private const int AttributesOffset = 8;
    private const int LinksOffset = 16;
    private const int UserOffset = 20;
    private const int GroupOffset = 24;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int ChangedOffset = 96; // stx_ctime: seconds (s64), then nanoseconds (u32)
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;
    private const ulong MountRootAttribute = 0x2000; // STATX_ATTR_MOUNT_ROOT (Linux 5.8)

    private const int TypeMask = 0xF000;
    private const int TypeDirectory = 0x4000;
    private const int TypeFile = 0x8000;
    private const int TypeLink = 0xA000;

    /// <summary>The entry, or <see langword="null"/> when the path does not exist.</summary>
    public static VolumeEntry? Lstat(string path) => Lstat(Native.AtFdCwd, path);

    /// <summary>The entry of <paramref name="path"/> relative to a directory descriptor, or <see langword="null"/> when it does not exist.</summary>
    public static VolumeEntry? Lstat(int directory, string path) => Read(directory, path, 0)?.Entry;

    /// <summary>What a descriptor holds (any kind of descriptor, <c>O_PATH</c> ones included).</summary>
    public static NativeEntry Fstat(int fd) => Read(fd, string.Empty, Native.AtEmptyPath) ?? throw new IOException("statx: the descriptor's file is gone");

    /// <summary>The device a path lives on (a mount point's differs from its parent's).</summary>
    public static (uint Major, uint Minor)? Device(string path) => Read(Native.AtFdCwd, path, 0) is { } entry ? (entry.DeviceMajor, entry.DeviceMinor) : null;

    private static unsafe NativeEntry? Read(int directory, string path, int flags)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("big-endian Linux is not supported");
        }

        Span<byte> buffer = stackalloc byte[Native.StatxBufferSize];
        fixed (byte* pointer = buffer)
        {
            if (Native.Statx(directory, path, Native.AtSymlinkNoFollow | flags, Native.StatxBasicStats, pointer) == -1)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is Native.ENOENT or Native.ENOTDIR ? null : throw Native.LastError("statx", path);
            }
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[ModeOffset..]);
        var kind = (mode & TypeMask) switch
        {
            TypeDirectory => VolumeEntryKind.Directory,
            TypeFile => VolumeEntryKind.File,
            TypeLink => VolumeEntryKind.Symlink,
            _ => VolumeEntryKind.Other,
        };
        var entry = new VolumeEntry(
            kind,
            mode & 0xFFF,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[UserOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[GroupOffset..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[SizeOffset..]));
        return new NativeEntry(
            entry,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[LinksOffset..]),
            (BinaryPrimitives.ReadUInt64LittleEndian(buffer[AttributesOffset..]) & MountRootAttribute) != 0,
            new NativeTime(BinaryPrimitives.ReadInt64LittleEndian(buffer[ChangedOffset..]), BinaryPrimitives.ReadUInt32LittleEndian(buffer[(ChangedOffset + 8)..])),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[DeviceMajorOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[DeviceMinorOffset..]));
    }
}

/// <summary>What <c>statx(2)</c> says of one name beyond the port's <see cref="VolumeEntry"/>.</summary>
/// <param name="Entry">Kind, mode, owners and size.</param>
/// <param name="Links">The number of hard links (a regular file with more than one is also somewhere else).</param>
/// <param name="IsMountRoot">Whether it is the root of a mount.</param>
/// <param name="Changed">The inode's change time (ctime).</param>
/// <param name="DeviceMajor">The device's major number.</param>
/// <param name="DeviceMinor">The device's minor number.</param>
internal readonly record struct NativeEntry(VolumeEntry Entry, uint Links, bool IsMountRoot, NativeTime Changed, uint DeviceMajor, uint DeviceMinor);

/// <summary>A file-system timestamp.</summary>
internal readonly record struct NativeTime(long Seconds, uint Nanoseconds);
