using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Volumes;

/// <summary><c>statx(2)</c> without following a last link; its buffer layout is the same on every architecture.</summary>
internal static class NativeStat
{
    private const int UserOffset = 20;
    private const int GroupOffset = 24;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    private const int TypeMask = 0xF000;
    private const int TypeDirectory = 0x4000;
    private const int TypeFile = 0x8000;
    private const int TypeLink = 0xA000;

    /// <summary>The entry, or <see langword="null"/> when the path does not exist.</summary>
    public static VolumeEntry? Lstat(string path) => Lstat(Native.AtFdCwd, path);

    /// <summary>The entry of <paramref name="path"/> relative to a directory descriptor, or <see langword="null"/> when it does not exist.</summary>
    public static unsafe VolumeEntry? Lstat(int directory, string path) => Read(directory, path, static buffer =>
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[ModeOffset..]);
        var kind = (mode & TypeMask) switch
        {
            TypeDirectory => VolumeEntryKind.Directory,
            TypeFile => VolumeEntryKind.File,
            TypeLink => VolumeEntryKind.Symlink,
            _ => VolumeEntryKind.Other,
        };
        return new VolumeEntry(
            kind,
            mode & 0xFFF,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[UserOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[GroupOffset..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[SizeOffset..]));
    });

    /// <summary>The device a path lives on (a mount point's differs from its parent's).</summary>
    public static (uint Major, uint Minor)? Device(string path) => Read(Native.AtFdCwd, path, static buffer =>
        ((uint Major, uint Minor)?)(BinaryPrimitives.ReadUInt32LittleEndian(buffer[DeviceMajorOffset..]), BinaryPrimitives.ReadUInt32LittleEndian(buffer[DeviceMinorOffset..])));

    private delegate T Reader<T>(ReadOnlySpan<byte> buffer);

    private static unsafe T? Read<T>(int directory, string path, Reader<T> read)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("big-endian Linux is not supported");
        }

        Span<byte> buffer = stackalloc byte[Native.StatxBufferSize];
        fixed (byte* pointer = buffer)
        {
            if (Native.Statx(directory, path, Native.AtSymlinkNoFollow, Native.StatxBasicStats, pointer) == -1)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is Native.ENOENT or Native.ENOTDIR ? default : throw Native.LastError("statx", path);
            }
        }

        return read(buffer);
    }
}
