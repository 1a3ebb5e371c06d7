using System.Diagnostics;
using System.Text;
using SecretProjection.Linux.Volumes;
using SecretProjection.Testing.Volumes;
using SecretProjection.TestSupport;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// The writer on real files never writes outside its volume, whatever the payload paths and whatever was
/// planted in the volume directory. A sandbox holds the volume and decoys of <c>/etc</c> and <c>/root</c>;
/// it is snapshotted before and after each write (names, kinds, modes, owners, sizes, link targets, SHA-256 of
/// every file), and everything outside the volume must be unchanged. With root (CI) the fsGroup step runs
/// too, so its chown/chmod walk also passes every planted link.
/// </summary>
/// <remarks>
/// The path rules themselves (upstream's validatePath, with its messages) are unit-tested in
/// <c>PayloadPathsTests</c> and on both backends in <c>VolumeWriterContract</c>; here each hostile path goes through
/// the whole writer on the Linux backend.
/// </remarks>
public sealed class HostileVolumeTests : IDisposable
{
    private const long FsGroup = 2000;

    private readonly ITestOutputHelper _output;
    private readonly string _sandbox = Directory.CreateTempSubdirectory("secretprojection-hostile-").FullName;
    private readonly long? _fsGroup = Tmpfs.CanMount ? FsGroup : null;

    public HostileVolumeTests(ITestOutputHelper output)
    {
        _output = FigureLog.For<HostileVolumeTests>(output);
        Directory.CreateDirectory(Volume);
        Decoys.Plant(Outside);
    }

    public enum Outcome
    {
        /// <summary>Refused before anything is touched (<see cref="InvalidPayloadException"/>).</summary>
        Refused,

        /// <summary>The file system refuses it half-way (<see cref="IOException"/>); the writer undoes what it did.</summary>
        Failed,

        /// <summary>A legal name: written inside the volume.</summary>
        Written,
    }

    private string Volume => Path.Combine(_sandbox, "volume");

    private string Outside => Path.Combine(_sandbox, "outside");

    public static TheoryData<string, string, Outcome> HostilePaths() => new()
    {
        { "dot-dot", "..", Outcome.Refused },
        { "dot-dot-slash", "../x", Outcome.Refused },
        { "absolute", "/abs", Outcome.Refused },
        { "absolute into the sandbox", "/tmp/x", Outcome.Refused },
        { "dot-dot prefix", "..x", Outcome.Refused },
        { "the data link", "..data", Outcome.Refused },
        { "the swap link", "..data_tmp/x", Outcome.Refused },
        { "climbing out", "a/../../b", Outcome.Refused },
        { "a 256-byte name", new string('n', 256), Outcome.Refused },
        { "a 4097-byte path", string.Join('/', Enumerable.Repeat("p", 2049)), Outcome.Refused },
        { "a 4097-byte path of multi-byte characters", new string('é', 2049), Outcome.Refused },
        { "2048 nested directories (4095 bytes, over PATH_MAX once joined to the volume)", string.Join('/', Enumerable.Repeat("d", 2048)), Outcome.Failed },
        { "NUL (refused before anything is made: finding 13 of the hostile-host review)", "x\0y", Outcome.Refused },
        { "NUL before a climb", "x\0/../../etc/passwd", Outcome.Refused },
        { "newline", "a\nb", Outcome.Written },
        { "terminal escape", "\u001b[31mred", Outcome.Written },
        { "every other control character", new string([.. Enumerable.Range(1, 31).Where(c => c != '/').Select(c => (char)c)]), Outcome.Written },
        { "600 nested directories", string.Join('/', Enumerable.Repeat("n", 600)), Outcome.Written },
    };

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public async Task A_hostile_payload_path_is_refused_or_written_inside_the_volume(string label, string path, Outcome outcome)
    {
        var writer = Writer();
        var good = Payload(("a", "1"), ("b/c", "2"));
        writer.Write(good);
        var before = SandboxSnapshot.Take(_sandbox);
        var payload = Payload(("a", "1"), ("b/c", "2"), (path, "hostile"));

        var clock = Stopwatch.StartNew();
        switch (outcome)
        {
            case Outcome.Refused:
                Assert.Throws<InvalidPayloadException>(() => writer.Write(payload));
                break;
            case Outcome.Failed:
                var error = Assert.ThrowsAny<IOException>(() => writer.Write(payload));
                _output.WriteLine($"{label}: {Shorten(error.Message)}");
                break;
            default:
                // The write, then the next one that drops the path again. Bounds a hang only: when the backend
                // checked every element of a path for links with an lstat(2) each, 600 levels took half a minute.
                await Task.Run(() => writer.Write(payload)).WaitAsync(TimeSpan.FromMinutes(1));
                Assert.Equal("hostile", File.ReadAllText(Path.Combine(Volume, path)));
                await Task.Run(() => writer.Write(good)).WaitAsync(TimeSpan.FromMinutes(1));
                break;
        }

        _output.WriteLine($"{label}: {outcome}, outside the volume unchanged ({clock.ElapsedMilliseconds} ms)");
        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox), outcome == Outcome.Written ? ["volume"] : []));
        Assert.Equal(["a", "b"], Directory.GetFileSystemEntries(Volume).Select(Path.GetFileName).Where(n => !VolumeLayout.IsReserved(n!)).Order(StringComparer.Ordinal));
        Assert.Equal("2", File.ReadAllText(Path.Combine(Volume, "b", "c")));
    }

    // ..data planted as a link to the real /etc: never walked, replaced; /etc and the sandbox stay as they were.
    [Fact]
    public void A_data_link_planted_to_etc_is_replaced_without_touching_etc()
    {
        File.CreateSymbolicLink(Path.Combine(Volume, VolumeLayout.DataDirectory), "/etc");
        var etc = SandboxSnapshot.Take("/etc", recursive: false);
        var before = SandboxSnapshot.Take(_sandbox);

        Writer().Write(Payload(("passwd", "mine"), ("shadow", "mine too")));

        Assert.Empty(etc.Diff(SandboxSnapshot.Take("/etc", recursive: false)));
        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox), "volume"));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Volume, "passwd")));
        Assert.StartsWith("..", new FileInfo(Path.Combine(Volume, VolumeLayout.DataDirectory)).LinkTarget, StringComparison.Ordinal);
    }

    // Upstream's createUserVisibleFiles leaves whatever already has a visible name; so does this writer. It never
    // follows such a link: not to write, not to chown or chmod for the fsGroup, not to remove.
    [Fact]
    public void Links_planted_at_visible_and_reserved_names_and_inside_a_generation_are_never_followed()
    {
        var writer = Writer();
        var first = writer.Write(Payload(("token", "1"), ("dir/inner", "2"), ("dropped", "3")));
        File.CreateSymbolicLink(Path.Combine(Volume, "planted-root"), Path.Combine(Outside, "root"));
        File.CreateSymbolicLink(Path.Combine(Volume, "passwd"), Path.Combine(Outside, "etc", "passwd"));
        File.CreateSymbolicLink(Path.Combine(Volume, "..2020_01_01_00_00_00.1"), Path.Combine(Outside, "root"));
        File.CreateSymbolicLink(Path.Combine(Volume, VolumeLayout.NewDataDirectory), Path.Combine(Outside, "etc"));
        File.CreateSymbolicLink(Path.Combine(Volume, first.DataDirectory, "dir", "escape"), Path.Combine(Outside, "root"));
        File.Delete(Path.Combine(Volume, "dropped"));
        File.CreateSymbolicLink(Path.Combine(Volume, "dropped"), Path.Combine(Outside, "etc"));
        var before = SandboxSnapshot.Take(_sandbox);

        writer.Write(Payload(("token", "new"), ("dir/inner", "new"), ("passwd", "new"), ("planted-root", "new")));
        writer.Write(Payload(("token", "newer")));

        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox), "volume"));
        Assert.Equal("newer", File.ReadAllText(Path.Combine(Volume, "token")));
        var names = Directory.GetFileSystemEntries(Volume).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        _output.WriteLine("left in the volume: " + string.Join(", ", names.Select(n => n + " -> " + new FileInfo(Path.Combine(Volume, n!)).LinkTarget)));
        Assert.DoesNotContain("..2020_01_01_00_00_00.1", names);
        Assert.DoesNotContain(VolumeLayout.NewDataDirectory, names);
        Assert.DoesNotContain("dropped", names);
    }

    [Fact]
    public void A_volume_directory_that_is_itself_a_link_is_refused()
    {
        var link = Path.Combine(_sandbox, "linked-volume");
        File.CreateSymbolicLink(link, Path.Combine(Outside, "etc"));
        var before = SandboxSnapshot.Take(_sandbox);

        var error = Assert.ThrowsAny<IOException>(() => new LinuxVolumeFileSystem(link));
        _output.WriteLine(error.Message);
        if (Tmpfs.CanMount)
        {
            // mount(2) follows links: a tmpfs would hide the target.
            _output.WriteLine(Assert.ThrowsAny<IOException>(() => Tmpfs.Mount(link)).Message);
        }

        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox)));
        Assert.False(Tmpfs.IsMountPoint(Path.Combine(Outside, "etc")));
    }

    // A NUL cannot be part of a Linux path: Go's syscalls (upstream's writer) fail with EINVAL, and so must both
    // backends, rather than act on the name cut at the NUL.
    [Fact]
    public void Both_backends_refuse_a_nul_in_a_name_as_linux_does()
    {
        foreach (IVolumeFileSystem fs in new IVolumeFileSystem[] { new LinuxVolumeFileSystem(Volume), new InMemoryVolumeFileSystem() })
        {
            Assert.ThrowsAny<IOException>(() => fs.WriteFile("x\0y", "1"u8, 0x1A4, null));
            Assert.ThrowsAny<IOException>(() => fs.CreateDirectory("d\0", 0x1ED));
            Assert.ThrowsAny<IOException>(() => fs.CreateSymlink("..data/x", "x\0"));
            Assert.Empty(fs.List(string.Empty));
        }
    }

    public void Dispose()
    {
        if (Tmpfs.IsMountPoint(Path.Combine(Outside, "etc")))
        {
            Tmpfs.Unmount(Path.Combine(Outside, "etc"));
        }

        Directory.Delete(_sandbox, recursive: true);
    }

    private static string Shorten(string message)
    {
        var printable = message.ReplaceLineEndings(" ").Replace('\0', '?');
        return printable.Length <= 200 ? printable : printable[..100] + "..." + printable[^100..];
    }

    private IAtomicWriter Writer() => AtomicWriter.Create(new LinuxVolumeFileSystem(Volume));

    private VolumePayload Payload(params (string Path, string Data)[] files) =>
        new VolumePayload(files.Select(f => KeyValuePair.Create(f.Path, new PayloadFile(Encoding.UTF8.GetBytes(f.Data), 0x1A4)))).WithFsGroup(_fsGroup);
}
