using Microsoft.Extensions.Time.Testing;
using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Tests.Writing;

/// <summary>
/// The fsGroup step of the writer. Upstream's <c>changeFilePermission</c> (pkg/volume/volume_linux.go) logs a
/// failed <c>Lchown</c> or <c>Chmod</c> and goes on: a process that may not give files the pod's group (a
/// non-root writer) still publishes the volume.
/// </summary>
public sealed class VolumeOwnershipTests
{
    private static readonly VolumePayload Payload = new VolumePayload([
        KeyValuePair.Create("a", new PayloadFile("1"u8.ToArray(), 0x180)), // 0600
        KeyValuePair.Create("d/b", new PayloadFile("2"u8.ToArray(), 0x100)), // 0400
    ]).WithFsGroup(2000);

    // volume_linux.go changeFilePermission: a file of a read-only volume gets mode | 0440.
    [Theory]
    [InlineData(0x100, 0x120)] // 0400 -> 0440 (kubernetes/kubernetes#57923)
    [InlineData(0x180, 0x1A0)] // 0600 -> 0640
    [InlineData(0x1A4, 0x1A4)] // 0644 stays
    [InlineData(0x000, 0x120)] // 0000 -> 0440
    [InlineData(0x1C0, 0x1E0)] // 0700 -> 0740: no execute bit is added to files
    [InlineData(0x1FF, 0x1FF)] // 0777 stays
    public void FsGroup_adds_group_and_owner_read(int mode, int effective)
    {
        Assert.Equal(effective, VolumeOwnership.FileMode(mode, fsGroup: 2000));
        Assert.Equal(mode, VolumeOwnership.FileMode(mode, fsGroup: null));
    }

    [Fact]
    public void FsGroup_gives_directories_set_group_id_and_group_read_and_search()
    {
        Assert.Equal(0x5ED, VolumeOwnership.DirectoryMode(0x1ED, fsGroup: 2000)); // 0755 -> 02755
        Assert.Equal(0x7FF, VolumeOwnership.DirectoryMode(0x3FF, fsGroup: 2000)); // the kubelet's 01777 tmpfs -> 03777
        Assert.Equal(0x1ED, VolumeOwnership.DirectoryMode(0x1ED, fsGroup: null));
    }

    [Fact]
    public void Gives_every_name_the_group_and_group_permissions()
    {
        var fs = new InMemoryVolumeFileSystem();

        var ts = Writer(fs).Write(Payload).DataDirectory;

        Assert.Equal(2000, fs.GetEntry(ts + "/a")!.Group);
        Assert.Equal(0x1A0, fs.GetEntry(ts + "/a")!.Mode); // 0600 | 0440
        Assert.Equal(0x5ED, fs.GetEntry(ts + "/d")!.Mode); // 0755 | 02550
    }

    [Fact]
    public void A_refused_lchown_does_not_fail_the_volume_and_the_modes_are_still_set()
    {
        var fs = new InMemoryVolumeFileSystem(user: 1000, group: 1000);
        var refusing = new RefusingOwnerFileSystem(fs);

        var result = Writer(refusing).Write(Payload);

        Assert.True(result.Changed);
        Assert.True(refusing.Refused > 0);
        Assert.Equal("1"u8.ToArray(), fs.ReadFileThroughLinks("a"));
        Assert.Equal(1000, fs.GetEntry(result.DataDirectory + "/a")!.Group);
        Assert.Equal(0x1A0, fs.GetEntry(result.DataDirectory + "/a")!.Mode);
        Assert.Equal(0x120, fs.GetEntry(result.DataDirectory + "/d/b")!.Mode);
    }

    private static IAtomicWriter Writer(IVolumeFileSystem fs) =>
        AtomicWriter.Create(fs, new AtomicWriterOptions { TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero)) });

    /// <summary>The real file system's answer to a non-root lchown to a group the process is not in.</summary>
    private sealed class RefusingOwnerFileSystem(IVolumeFileSystem inner) : IVolumeFileSystem
    {
        public int Refused { get; private set; }

        public VolumeEntry? GetEntry(string path) => inner.GetEntry(path);

        public IReadOnlyList<string> List(string path) => inner.List(path);

        public byte[] ReadFile(string path) => inner.ReadFile(path);

        public void CreateDirectory(string path, int mode) => inner.CreateDirectory(path, mode);

        public void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user) => inner.WriteFile(path, data, mode, user);

        public void CreateSymlink(string target, string path) => inner.CreateSymlink(target, path);

        public string? ReadLink(string path) => inner.ReadLink(path);

        public void Rename(string from, string to) => inner.Rename(from, to);

        public void Remove(string path) => inner.Remove(path);

        public void SetMode(string path, int mode) => inner.SetMode(path, mode);

        public void SetOwner(string path, long? user, long? group)
        {
            Refused++;
            throw new IOException($"lchown {path}: Operation not permitted");
        }
    }
}
