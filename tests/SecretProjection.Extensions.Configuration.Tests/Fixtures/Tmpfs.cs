using System.Runtime.InteropServices;

namespace SecretProjection.Extensions.Configuration.Tests.Fixtures;

/// <summary>
/// A tmpfs mounted on a temporary directory, as the kubelet mounts Secret volumes. Needs root (as in CI): the tests
/// that mount one are marked <c>[RequiresRoot]</c>.
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    private const int Detach = 2; // MNT_DETACH

    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    public static Tmpfs Mount()
    {
        var path = Directory.CreateTempSubdirectory("secret-tmpfs-").FullName;
        if (mount("tmpfs", path, "tmpfs", 0, "size=16m,mode=0755") != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Directory.Delete(path);
            throw new IOException($"mount(2) of a tmpfs failed with errno {errno}");
        }

        return new Tmpfs(path);
    }

    public void Dispose()
    {
        umount2(Path, Detach);
        Directory.Delete(Path);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mount(string source, string target, string filesystemtype, ulong mountflags, string data);

    [DllImport("libc", SetLastError = true)]
    private static extern int umount2(string target, int flags);
}
