using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Volumes;

/// <summary>The volume contract on a tmpfs mounted on the volume directory, as the kubelet mounts secret volumes.</summary>
[RequiresRoot("mounting tmpfs needs CAP_SYS_ADMIN; CI runs as root")]
public sealed class LinuxTmpfsVolumeTests : LinuxVolumeFileSystemTests
{
    public LinuxTmpfsVolumeTests(ITestOutputHelper output)
        : base(output)
    {
        if (Tmpfs.CanMount)
        {
            Assert.True(Tmpfs.Mount(VolumePath, new TmpfsOptions { SizeBytes = 4 << 20, Mode = 0x1ED }));
        }
    }

    [VolumeFact]
    public void Mounts_tmpfs_with_the_mode_and_flags_and_only_once()
    {
        Assert.True(Tmpfs.IsMountPoint(VolumePath));
        Assert.False(Tmpfs.Mount(VolumePath));
        var line = File.ReadAllLines("/proc/self/mountinfo").Single(l => l.Split(' ')[4] == VolumePath);
        Output.WriteLine(line);
        Assert.Contains("nosuid", line, StringComparison.Ordinal);
        Assert.Contains("nodev", line, StringComparison.Ordinal);
        Assert.Contains("noexec", line, StringComparison.Ordinal);
        Assert.Contains(" - tmpfs ", line, StringComparison.Ordinal);
        Assert.Equal(0x1ED, Backend.GetEntry(string.Empty)!.Mode);
    }

    protected override void Cleanup()
    {
        if (Tmpfs.IsMountPoint(VolumePath))
        {
            Tmpfs.Unmount(VolumePath, lazily: true);
        }
    }
}
