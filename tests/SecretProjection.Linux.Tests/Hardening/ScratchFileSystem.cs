using SecretProjection.Linux.Volumes;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// A temporary directory for volumes: a tmpfs mounted on it when the process is root (as the kubelet mounts
/// secret volumes, and as CI runs), else a plain directory of the temporary file system. <see cref="Label"/>
/// says which, for the test output.
/// </summary>
internal sealed class ScratchFileSystem : IDisposable
{
    public ScratchFileSystem(string name)
    {
        Path = Directory.CreateTempSubdirectory($"secretprojection-{name}-").FullName;
        if (Tmpfs.CanMount)
        {
            Tmpfs.Mount(Path, new TmpfsOptions { SizeBytes = 64 << 20, Mode = 0x1ED });
            Label = "tmpfs";
        }
        else
        {
            Label = "temporary directory (not root: mounting tmpfs needs CAP_SYS_ADMIN)";
        }
    }

    public string Path { get; }

    public string Label { get; }

    /// <summary>Creates an empty directory for one volume.</summary>
    public string NewVolume(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        if (Tmpfs.IsMountPoint(Path))
        {
            Tmpfs.Unmount(Path, lazily: true); // a volume's file system not yet disposed still holds its directory
        }

        Directory.Delete(Path, recursive: true);
    }
}
