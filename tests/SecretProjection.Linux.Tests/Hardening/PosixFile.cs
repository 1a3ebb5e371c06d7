using System.Runtime.InteropServices;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>Reads a file with open(2) and read(2), following links, and reports the errno a process would get.</summary>
internal static unsafe partial class PosixFile
{
    public const int ENOENT = 2;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;

    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;

    /// <summary>The whole file, or the errno of the first call that failed.</summary>
    public static (byte[]? Data, int Errno) Read(string path)
    {
        var fd = Open(path, ORdOnly | OCloExec);
        if (fd == -1)
        {
            return (null, Marshal.GetLastPInvokeError());
        }

        try
        {
            var buffer = new byte[4096];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                nint n;
                fixed (byte* at = &buffer[length])
                {
                    n = ReadBytes(fd, at, buffer.Length - length);
                }

                if (n == -1)
                {
                    return (null, Marshal.GetLastPInvokeError());
                }

                if (n == 0)
                {
                    return (buffer[..length], 0);
                }

                length += (int)n;
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>The symbolic name of an errno.</summary>
    public static string Name(int errno) => errno switch
    {
        ENOENT => "ENOENT",
        ENOTDIR => "ENOTDIR",
        EISDIR => "EISDIR",
        _ => "errno " + errno,
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadBytes(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
