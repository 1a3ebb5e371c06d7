using System.Runtime.InteropServices;

namespace SecretProjection.Linux.Volumes;

/// <summary>The libc calls the backend needs; each sets errno (read with <see cref="Marshal.GetLastPInvokeError"/>).</summary>
internal static unsafe partial class Native
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxBasicStats = 0x7FF;
    public const int StatxBufferSize = 256;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ELOOP = 40;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
    public const int EOPNOTSUPP = 95;

    public const int LockExclusive = 2; // LOCK_EX
    public const int Unlock = 8; // LOCK_UN
    public const int SeekSet = 0;

    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int OCloExec = 0x80000;
    public const int OPath = 0x200000;
    public const int ONonBlock = 0x800;

    /// <summary><c>O_DIRECTORY</c> differs between architectures (asm-generic vs x86).</summary>
    public static readonly int ODirectory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    public const ulong MsNoSuid = 2;
    public const ulong MsNoDev = 4;
    public const ulong MsNoExec = 8;

    /// <summary><c>O_NOFOLLOW</c> differs between architectures (asm-generic vs x86).</summary>
    public static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Openat(int dirFd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdirat(int dirFd, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Fchmodat(int dirFd, string path, uint mode, int flags);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Fchownat(int dirFd, string path, uint owner, uint group, int flags);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Symlinkat(string target, int dirFd, string linkPath);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Readlinkat(int dirFd, string path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Renameat(int oldDirFd, string oldPath, int newDirFd, string newPath);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlinkat(int dirFd, string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static partial nint Pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long Lseek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    /// <summary><c>flock(2)</c>, waiting as long as it takes and starting again when a signal interrupts it.</summary>
    public static int FlockRetrying(int fd, int operation)
    {
        int result;
        while ((result = Flock(fd, operation)) == -1 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }

        return result;
    }

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Symlink(string target, string linkPath);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rmdir(string path);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary><c>getdents64(2)</c>: glibc 2.30 names it so; musl's <c>getdents</c> is the same call.</summary>
    public static nint Getdents64(int fd, byte* buffer, nuint count)
    {
        if (!s_noGetdents64)
        {
            try
            {
                return GlibcGetdents64(fd, buffer, count);
            }
            catch (EntryPointNotFoundException)
            {
                s_noGetdents64 = true;
            }
        }

        return MuslGetdents(fd, buffer, count);
    }

    private static bool s_noGetdents64;

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GlibcGetdents64(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "getdents", SetLastError = true)]
    private static partial nint MuslGetdents(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fileSystemType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    // System calls that glibc 2.36 wraps but older C libraries (and musl) may not: called by number, which
    // the new mount API and fchmodat2 share on every architecture.
    private const nint SysMoveMount = 429;
    private const nint SysFsopen = 430;
    private const nint SysFsconfig = 431;
    private const nint SysFsmount = 432;
    private const nint SysFchmodat2 = 452;

    public const uint FsopenCloexec = 1;
    public const uint FsconfigSetString = 1;
    public const uint FsconfigCmdCreate = 6;
    public const uint FsmountCloexec = 1;
    public const uint MountAttrNoSuid = 0x2;
    public const uint MountAttrNoDev = 0x4;
    public const uint MountAttrNoExec = 0x8;
    public const uint MoveMountFromEmptyPath = 0x4;
    public const uint MoveMountToEmptyPath = 0x40;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SyscallFsopen(nint number, string fileSystem, uint flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SyscallFsconfig(nint number, int fd, uint command, string? key, string? value, int aux);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint SyscallFsmount(nint number, int fd, uint flags, uint attributes);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SyscallMoveMount(nint number, int fromDirectory, string fromPath, int toDirectory, string toPath, uint flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SyscallFchmodat2(nint number, int directory, string path, uint mode, uint flags);

    public static int Fsopen(string fileSystem, uint flags) => (int)SyscallFsopen(SysFsopen, fileSystem, flags);

    public static int Fsconfig(int fd, uint command, string? key, string? value) => (int)SyscallFsconfig(SysFsconfig, fd, command, key, value, 0);

    public static int Fsmount(int fd, uint flags, uint attributes) => (int)SyscallFsmount(SysFsmount, fd, flags, attributes);

    public static int MoveMount(int fromDirectory, string fromPath, int toDirectory, string toPath, uint flags) =>
        (int)SyscallMoveMount(SysMoveMount, fromDirectory, fromPath, toDirectory, toPath, flags);

    /// <summary><c>fchmodat2(2)</c> (Linux 6.6): with <see cref="AtEmptyPath"/>, the mode of what a descriptor holds, even an <c>O_PATH</c> one.</summary>
    public static int Fchmodat2(int directory, string path, uint mode, uint flags) => (int)SyscallFchmodat2(SysFchmodat2, directory, path, mode, flags);

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
