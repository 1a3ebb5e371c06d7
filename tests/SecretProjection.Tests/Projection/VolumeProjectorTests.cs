using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;
using static SecretProjection.Tests.Projection.ProjectionFixtures;

namespace SecretProjection.Tests.Projection;

/// <summary>The one "project a volume" operation: plan → payload → write, used by project, the pod sync and a node agent.</summary>
public sealed class VolumeProjectorTests
{
    private static readonly Pod GroupedPod = Pod(new PodSecurityContext { FsGroup = 2000 }, [], SecretVolume(new SecretVolumeSource { SecretName = "s", DefaultMode = 0x100 }));

    private readonly InMemoryVolumeFileSystem _fs = new();
    private int _opened;

    [Fact]
    public void Writes_the_plan_with_its_modes_and_group_then_recognises_it_unchanged()
    {
        using var projector = Projector(_fs);
        var plan = PlanOne(GroupedPod, Secret("s", ("token", "t")));

        var first = projector.Project(plan);
        var second = projector.Project(plan);

        Assert.Equal((VolumeOutcome.Written, VolumeOutcome.Unchanged), (first.Outcome, second.Outcome));
        Assert.Equal(first.DataDirectory, second.DataDirectory);
        Assert.Equal(1, _opened);
        var file = _fs.GetEntry(first.DataDirectory + "/token")!;
        Assert.Equal((0x120, 2000L), (file.Mode, file.Group)); // 0400 | 0440, the pod's fsGroup: from the plan alone
        Assert.Equal(0x5ED, _fs.GetEntry(first.DataDirectory!)!.Mode);
        Assert.Equal($"vol: written, ..data -> {first.DataDirectory}", first.ToString());
    }

    [Fact]
    public void A_failed_plan_writes_nothing_and_opens_nothing()
    {
        using var projector = Projector(_fs);

        var result = projector.Project(PlanOne(GroupedPod));

        Assert.Equal(VolumeOutcome.Failed, result.Outcome);
        Assert.Equal("secret \"s\" not found", result.Error);
        Assert.Null(result.DataDirectory);
        Assert.Equal(0, _opened);
    }

    [Fact]
    public void A_directory_that_cannot_be_opened_fails_the_volume_and_is_opened_again_next_time()
    {
        var attempts = 0;
        using var projector = new VolumeProjector("vol", () => ++attempts == 1 ? throw new IOException("mount vol: Operation not permitted") : _fs);
        var plan = PlanOne(GroupedPod, Secret("s", ("token", "t")));

        var failed = projector.Project(plan);
        var written = projector.Project(plan);

        Assert.Equal(("mount vol: Operation not permitted", VolumeOutcome.Written), (failed.Error, written.Outcome));
        Assert.Equal(2, attempts);
    }

    // volume_linux.go changeFilePermission: a refused group change is logged and skipped; the volume is written.
    // atomic_writer.go writePayloadToDir: a refused owner of a file (FsUser) fails the write.
    [Fact]
    public void A_refused_group_is_skipped_as_the_kubelet_does_and_a_refused_file_owner_fails_the_volume()
    {
        var refusing = new RefusingFileSystem(_fs);
        using var projector = new VolumeProjector("vol", () => refusing);
        var grouped = projector.Project(PlanOne(GroupedPod, Secret("s", ("token", "t"))));
        var owned = projector.Project(PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s", DefaultUser = 1000 })), Secret("s", ("token", "u"))));

        Assert.Equal(VolumeOutcome.Written, grouped.Outcome);
        Assert.Equal(VolumeOutcome.Failed, owned.Outcome);
        Assert.Equal("chown ..x/token: Operation not permitted", owned.Error);
        Assert.Equal("t"u8.ToArray(), _fs.ReadFileThroughLinks("token"));
    }

    [Fact]
    public void A_plan_of_another_volume_is_refused()
    {
        using var projector = new VolumeProjector("other", () => _fs);

        Assert.Throws<ArgumentException>(() => projector.Project(PlanOne(GroupedPod, Secret("s", ("token", "t")))));
    }

    private VolumeProjector Projector(IVolumeFileSystem fs) => new("vol", () =>
    {
        _opened++;
        return fs;
    });

    /// <summary>A writer that is not root: every chown is refused.</summary>
    private sealed class RefusingFileSystem(IVolumeFileSystem inner) : IVolumeFileSystem
    {
        public VolumeEntry? GetEntry(string path) => inner.GetEntry(path);

        public IReadOnlyList<string> List(string path) => inner.List(path);

        public byte[] ReadFile(string path) => inner.ReadFile(path);

        public void CreateDirectory(string path, int mode) => inner.CreateDirectory(path, mode);

        public void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user)
        {
            if (user is not null)
            {
                throw new IOException($"chown ..x/{path.Split('/')[^1]}: Operation not permitted");
            }

            inner.WriteFile(path, data, mode, user);
        }

        public void CreateSymlink(string target, string path) => inner.CreateSymlink(target, path);

        public string? ReadLink(string path) => inner.ReadLink(path);

        public void Rename(string from, string to) => inner.Rename(from, to);

        public void Remove(string path) => inner.Remove(path);

        public void SetMode(string path, int mode) => inner.SetMode(path, mode);

        public void SetOwner(string path, long? user, long? group) => throw new IOException($"lchown {path}: Operation not permitted");
    }
}
