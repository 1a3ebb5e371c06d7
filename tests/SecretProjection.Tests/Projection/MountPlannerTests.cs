using SecretProjection.Model;
using SecretProjection.Projection;
using static SecretProjection.Tests.Projection.ProjectionFixtures;

namespace SecretProjection.Tests.Projection;

public class MountPlannerTests
{
    private static readonly Secret Tls = Secret("tls", ("tls.crt", "cert"), ("tls.key", "key"));

    [Fact]
    public void A_whole_volume_mount_receives_updates()
    {
        var mount = Assert.Single(Plan(PodWith(new VolumeMount { Name = "vol", MountPath = "/etc/tls" }), Tls).Mounts);

        Assert.Equivalent(new MountPlan { Container = "app", Volume = "vol", MountPath = "/etc/tls", ReceivesUpdates = true, Warnings = mount.Warnings }, mount);
        Assert.Empty(mount.Warnings);
    }

    [Fact]
    public void A_subPath_mount_never_receives_updates_and_says_why()
    {
        var mount = Assert.Single(Plan(PodWith(new VolumeMount { Name = "vol", MountPath = "/etc/tls.crt", SubPath = "tls.crt" }), Tls).Mounts);

        Assert.False(mount.ReceivesUpdates);
        Assert.Equal("tls.crt", mount.SubPath);
        Assert.Contains("kubernetes/kubernetes#50345", Assert.Single(mount.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_subPathExpr_mount_never_receives_updates_either()
    {
        var mount = Assert.Single(Plan(PodWith(new VolumeMount { Name = "vol", MountPath = "/etc/x", SubPathExpr = "$(POD_NAME)" }), Tls).Mounts);

        Assert.False(mount.ReceivesUpdates);
        Assert.Equal("$(POD_NAME)", mount.SubPath);
        Assert.Equal([MountPlanner.SubPathNeverUpdates], mount.Warnings);
    }

    [Fact]
    public void A_subPath_of_a_key_that_does_not_exist_is_flagged()
    {
        var mount = Assert.Single(Plan(PodWith(new VolumeMount { Name = "vol", MountPath = "/etc/ca.crt", SubPath = "ca.crt" }), Tls).Mounts);

        Assert.Contains(mount.Warnings, w => w.Contains("kubernetes/kubernetes#103531", StringComparison.Ordinal));
    }

    [Fact]
    public void A_subPath_naming_a_directory_of_the_volume_is_not_flagged_as_missing()
    {
        var volume = SecretVolume(new SecretVolumeSource { SecretName = "tls", Items = [Item("tls.crt", "certs/tls.crt")] });
        var pod = Pod(PodSecurityContext.None, [new VolumeMount { Name = "vol", MountPath = "/etc/certs", SubPath = "certs" }], volume);

        Assert.Equal([MountPlanner.SubPathNeverUpdates], Assert.Single(Plan(pod, Tls).Mounts).Warnings);
    }

    [Fact]
    public void An_optional_source_behind_a_subPath_is_flagged()
    {
        var volume = SecretVolume(new SecretVolumeSource { SecretName = "tls", Optional = true });
        var pod = Pod(PodSecurityContext.None, [new VolumeMount { Name = "vol", MountPath = "/etc/tls.crt", SubPath = "tls.crt" }], volume);

        Assert.Contains(Assert.Single(Plan(pod, Tls).Mounts).Warnings, w => w.Contains("kubernetes/kubernetes#127125", StringComparison.Ordinal));
    }

    [Fact]
    public void Mounts_of_every_container_kind_are_planned_in_start_order_and_other_volumes_skipped()
    {
        var pod = PodWith(new VolumeMount { Name = "vol", MountPath = "/a" }) with
        {
            InitContainers = [new Container { Name = "init", VolumeMounts = [new VolumeMount { Name = "vol", MountPath = "/b" }, new VolumeMount { Name = "scratch", MountPath = "/tmp" }] }],
            Volumes = [SecretVolume(new SecretVolumeSource { SecretName = "tls" }), new Volume { Name = "scratch", OtherKind = "emptyDir" }],
        };

        var mounts = Plan(pod, Tls).Mounts;

        Assert.Equal([("init", ContainerKind.Init, "/b"), ("app", ContainerKind.Regular, "/a")], mounts.Select(m => (m.Container, m.ContainerKind, m.MountPath)));
    }

    private static Pod PodWith(VolumeMount mount) =>
        Pod(PodSecurityContext.None, [mount], SecretVolume(new SecretVolumeSource { SecretName = "tls" }));
}
