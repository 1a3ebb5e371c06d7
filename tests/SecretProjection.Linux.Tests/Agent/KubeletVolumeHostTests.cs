using SecretProjection.Linux.Agent;
using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using SecretProjection.Writing;

namespace SecretProjection.Linux.Tests.Agent;

/// <summary>
/// The node agent's host on a real kubelet root where others can plant links (README, "Hosts where others can
/// write"): a volume directory is opened, mounted on and unmounted through descriptors held from the root down, so
/// a link anywhere under the root is refused, never followed, and nothing outside the root changes.
/// </summary>
public sealed class KubeletVolumeHostTests : IDisposable
{
    private const string Plugin = "pods/uid-web/volumes/kubernetes.io~secret";
    private const string Volume = Plugin + "/creds";

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-kubelet-").FullName;
    private readonly List<string> _mounts = [];

    private string Root => Path.Combine(_dir, "kubelet");

    private string Outside => Path.Combine(_dir, "outside");

    public static TheoryData<string> LinkedDirectories =>
        ["pods", "pods/uid-web", "pods/uid-web/volumes", Plugin];

    /// <summary>
    /// Each directory above a volume in turn is a link to a copy of the rest of the path outside the root, as if
    /// swapped in after the agent made and checked the directories: the open is refused and the copy left as it was.
    /// </summary>
    [VolumeTheory]
    [MemberData(nameof(LinkedDirectories))]
    public void A_link_in_place_of_a_directory_above_a_volume_is_refused_and_nothing_is_written_through_it(string linked)
    {
        var host = new KubeletVolumeHost(Root);
        PlantLinkAbove(linked);
        var before = SandboxSnapshot.Take(Outside);

        var refused = Assert.ThrowsAny<IOException>(() => Write(host.OpenVolume(Volume, memoryBacked: false)));

        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.Empty(before.Diff(SandboxSnapshot.Take(Outside)));
    }

    [VolumeTheory]
    [MemberData(nameof(LinkedDirectories))]
    [RequiresRoot("mounting tmpfs needs CAP_SYS_ADMIN; CI runs as root")]
    public void With_tmpfs_a_link_above_a_volume_is_refused_and_nothing_is_mounted_through_it(string linked)
    {
        var host = new KubeletVolumeHost(Root, new TmpfsOptions());
        PlantLinkAbove(linked);
        var target = Path.Combine(Outside, Volume[(linked.Length + 1)..]);
        _mounts.Add(target); // unmounted at the end if the host mounted it after all

        Assert.ThrowsAny<IOException>(() => Write(host.OpenVolume(Volume, memoryBacked: true)));

        Assert.False(Tmpfs.IsMountPoint(target), "a tmpfs was mounted outside the root");
    }

    [VolumeTheory]
    [MemberData(nameof(LinkedDirectories))]
    [RequiresRoot("mounting tmpfs needs CAP_SYS_ADMIN; CI runs as root")]
    public void Unmount_refuses_a_link_above_a_volume_and_leaves_the_mount_it_leads_to(string linked)
    {
        var host = new KubeletVolumeHost(Root, new TmpfsOptions());
        PlantLinkAbove(linked);
        var mount = Path.Combine(Outside, Volume[(linked.Length + 1)..]);
        Assert.True(Tmpfs.Mount(mount, new TmpfsOptions { SizeBytes = 1 << 20 }));
        _mounts.Add(mount);

        Assert.ThrowsAny<IOException>(() => host.Unmount(Volume));

        Assert.True(Tmpfs.IsMountPoint(mount), "the mount the link leads to was unmounted");
    }

    /// <summary>The control: what the host mounted it unmounts, through the held plugin directory.</summary>
    [VolumeFact]
    [RequiresRoot("mounting tmpfs needs CAP_SYS_ADMIN; CI runs as root")]
    public void A_volume_mounted_through_the_host_is_unmounted_by_it_and_only_once()
    {
        var host = new KubeletVolumeHost(Root, new TmpfsOptions());
        Directory.CreateDirectory(Path.Combine(Root, Volume));
        var full = host.FullPath(Volume);

        Write(host.OpenVolume(Volume, memoryBacked: true));
        _mounts.Add(full);

        Assert.True(Tmpfs.IsMountPoint(full));
        Assert.True(host.Unmount(Volume));
        Assert.False(Tmpfs.IsMountPoint(full));
        Assert.False(host.Unmount(Volume));
    }

    public void Dispose()
    {
        foreach (var mount in _mounts.Where(Tmpfs.IsMountPoint))
        {
            Tmpfs.Unmount(mount, lazily: true);
        }

        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Writes a file into the volume (through the port it was opened as) and closes it.</summary>
    private static void Write(IVolumeFileSystem volume)
    {
        try
        {
            volume.WriteFile("planted-by-the-test", [1], 0x1A4, user: null);
        }
        finally
        {
            (volume as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// The directories down to the volume's, with <paramref name="linked"/> a link to <see cref="Outside"/>, which
    /// holds the rest of the path down to the volume directory (so that following the link would find it).
    /// </summary>
    private void PlantLinkAbove(string linked)
    {
        var parent = Path.GetDirectoryName(Path.Combine(Root, linked))!;
        Directory.CreateDirectory(parent);
        Directory.CreateDirectory(Path.Combine(Outside, Volume[(linked.Length + 1)..]));
        File.CreateSymbolicLink(Path.Combine(Root, linked), Outside);
    }
}
