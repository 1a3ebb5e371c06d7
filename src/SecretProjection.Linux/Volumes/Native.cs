using System.Runtime.InteropServices;

namespace SecretProjection.Linux.Volumes;

/// <summary>The libc calls the backend needs; each sets errno (read with <see cref="Marshal.GetLastPInvokeError"/>).</summary>
internal static unsafe partial class Native
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxBasicStats = 0x7FF;
    public const int StatxBufferSize = 256;

    public const int ENOENT = 2;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;

    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int OCloExec = 0x80000;

    public const int OPath = 0x200000;

    /// <summary>openat2(2)'s number: the same on every architecture (a syscall newer than 5.1's unification).</summary>
    public const long SysOpenat2 = 437;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    public const ulong MsNoSuid = 2;
    public const ulong MsNoDev = 4;
    public const ulong MsNoExec = 8;

    /// <summary><c>O_NOFOLLOW</c> differs between architectures (asm-generic vs x86).</summary>
    public static int ONoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>glibc has no openat2 wrapper: <c>syscall(SYS_openat2, dirfd, path, &amp;how, sizeof how)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial long Openat2(long number, int dirFd, string path, ref OpenHow how, nuint size);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chmod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Lchown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Symlink(string target, string linkPath);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Readlink(string path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rmdir(string path);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fileSystemType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    /// <summary>
    /// Whether <paramref name="relative"/> resolves beneath <paramref name="root"/> without passing a symbolic
    /// link (openat2 with RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH): <see langword="false"/> when an element is a
    /// link; <see langword="true"/> when none is (or a missing element ends the walk first, for the caller's own
    /// call to report); <see langword="null"/> when openat2 is not offered or fails otherwise.
    /// </summary>
    public static bool? ResolvesWithoutLinks(string root, string relative)
    {
        var rootFd = Open(root, OPath | OCloExec, 0);
        if (rootFd == -1)
        {
            return null;
        }

        try
        {
            var how = new OpenHow { Flags = (ulong)(OPath | OCloExec), Resolve = ResolveNoSymlinks | ResolveBeneath };
            var fd = Openat2(SysOpenat2, rootFd, relative, ref how, (nuint)Marshal.SizeOf<OpenHow>());
            if (fd >= 0)
            {
                _ = Close((int)fd);
                return true;
            }

            return Marshal.GetLastPInvokeError() switch
            {
                ELOOP => false,
                ENOENT or ENOTDIR => true,
                _ => null, // no openat2 (ENOSYS, or EPERM from a seccomp filter), or a doubt: the caller checks each element
            };
        }
        finally
        {
            _ = Close(rootFd);
        }
    }

    /// <summary>An <see cref="IOException"/> for the last errno: <c>operation path: message</c>.</summary>
    public static IOException LastError(string operation, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var message = $"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno == ENOENT ? new FileNotFoundException(message) : new IOException(message, errno);
    }

    /// <summary>Throws <see cref="LastError"/> when a call returned -1.</summary>
    public static void Check(int result, string operation, string path)
    {
        if (result == -1)
        {
            throw LastError(operation, path);
        }
    }
}

/// <summary>openat2(2)'s <c>struct open_how</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OpenHow
{
    public ulong Flags;
    public ulong Mode;
    public ulong Resolve;
}
