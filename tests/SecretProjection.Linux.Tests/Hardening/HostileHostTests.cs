using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// The writer on a host where someone else can write into the volume directory or its parent (a racer thread
/// of this process, root like the writer, stands in for that user). Whatever the racer does, nothing outside the
/// volume changes: a snapshot of the whole sandbox (names, kinds, modes, owners, link targets, SHA-256 of every
/// file) before and after, allowing changes only inside the volume directory.
/// </summary>
public sealed partial class HostileHostTests : IDisposable
{
    private const long FsGroup = 2000;
    private const int RenameExchange = 2;

    private static readonly int RacingRuns = StressScale.Times(300);
    private const int MaxSwapDelayMicroseconds = 400;

    private static readonly int SetModeCalls = StressScale.Times(100_000);

    private readonly ITestOutputHelper _output;
    private readonly ScratchFileSystem _scratch = new("hostile-host");
    private readonly long? _fsGroup = Tmpfs.CanMount ? FsGroup : null; // chown to a group the process is not in needs root

    public HostileHostTests(ITestOutputHelper output)
    {
        _output = FigureLog.For<HostileHostTests>(output);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Volume);
        Decoys.Plant(Outside);
        File.WriteAllText(Path.Combine(Outside, "token"), "the decoy's own token");
        File.SetUnixFileMode(Path.Combine(Outside, "token"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private string Root => Path.Combine(_scratch.Path, "root");

    private string Volume => Path.Combine(Root, "vol");

    private string Outside => Path.Combine(_scratch.Path, "outside");

    private string Passwd => Path.Combine(Outside, "etc", "passwd");

    // Finding 1: DIR/vol swapped for a link to a decoy while the writer works in it, with an fsGroup (the
    // ownership pass walks the volume). The writer holds the volume directory by descriptor, so it writes
    // into the directory it opened, wherever that directory is named now, or it fails to open it.
    [Fact]
    public void A_volume_directory_swapped_for_a_link_during_writes_changes_nothing_outside_it()
    {
        var away = Volume + ".away";
        var before = SandboxSnapshot.Take(_scratch.Path);
        int written = 0, refused = 0, swappedDuringAWrite = 0;
        var clock = Stopwatch.StartNew();
        var random = new Random(1);
        for (var run = 0; run < RacingRuns; run++)
        {
            // One swap per run, at a random moment of the write (which takes some hundreds of microseconds), held
            // for a random while: away, a link to the decoy in its place, then back.
            var (start, hold) = (random.Next(MaxSwapDelayMicroseconds), random.Next(MaxSwapDelayMicroseconds));
            var (swapped, writing) = (0, 1);
            using var swap = new Racer(() =>
            {
                Racer.Spin(start);
                if (Racer.Rename(Volume, away))
                {
                    Racer.Symlink("../outside", Volume);
                    swapped = Volatile.Read(ref writing);
                    Racer.Spin(hold);
                    Racer.Unlink(Volume);
                    Racer.Rename(away, Volume);
                }
            }, once: true);
            try
            {
                AtomicWriter.Create(new LinuxVolumeFileSystem(Volume))
                    .Write(Payload(("token", $"run {run}"), ("dir/inner", "x"), ("passwd", "mine")));
                written++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                refused++; // the name was a link, or missing, when the writer opened it
            }

            Volatile.Write(ref writing, 0);
            swap.Dispose();
            swappedDuringAWrite += swapped;
        }

        var changes = before.Diff(SandboxSnapshot.Take(_scratch.Path), "root/vol", "root/vol.away");
        _output.WriteLine($"swap race (finding 1): runs={RacingRuns} written={written} refused={refused} swapped-during-a-write={swappedDuringAWrite} changes-outside-the-volume={changes.Count} (on {_scratch.Label}, fsGroup {Describe(_fsGroup)}, {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.True(changes.Count == 0, string.Join('\n', changes.Take(20)));
        Assert.True(swappedDuringAWrite > 0, "no swap landed during a write");
    }

    // Finding 2: a hard link to a file outside, planted in the volume directory before the write (and, racing,
    // replacing a visible link during it). Links are never followed, but a hard link is the outside file itself:
    // the ownership pass must not chown or chmod what the writer did not create.
    [Fact]
    public void A_planted_hard_link_to_an_outside_file_is_never_chowned_or_chmodded()
    {
        Assert.True(Racer.Link(Passwd, Path.Combine(Volume, "planted")));
        Assert.True(Racer.Link(Passwd, Path.Combine(Volume, "passwd")));
        var before = SandboxSnapshot.Take(_scratch.Path);

        AtomicWriter.Create(new LinuxVolumeFileSystem(Volume))
            .Write(Payload(("passwd", "mine"), ("token", "t")));

        var changes = before.Diff(SandboxSnapshot.Take(_scratch.Path), "root/vol");
        _output.WriteLine($"planted hard links (finding 2): changes-outside-the-volume={changes.Count} (fsGroup {Describe(_fsGroup)})");
        Assert.True(changes.Count == 0, string.Join('\n', changes));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Volume, "passwd")));
    }

    [Fact]
    public void Hard_links_planted_while_the_writer_runs_are_never_chowned_or_chmodded()
    {
        var writer = AtomicWriter.Create(new LinuxVolumeFileSystem(Volume));
        writer.Write(Payload(("token", "0"), ("passwd", "0")));
        var before = SandboxSnapshot.Take(_scratch.Path);
        var planted = Path.Combine(Volume, "planted");
        var hard = Path.Combine(Volume, "passwd.hard");
        int written = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        using (var racer = new Racer(() =>
        {
            Racer.Link(Passwd, planted);
            Racer.Link(Passwd, hard);
            Racer.Rename(hard, Path.Combine(Volume, "passwd")); // a visible name replaced by the outside file
            Racer.Unlink(planted);
        }))
        {
            for (var run = 1; run <= RacingRuns; run++)
            {
                try
                {
                    AtomicWriter.Create(new LinuxVolumeFileSystem(Volume))
                        .Write(Payload(("token", run.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("passwd", "mine")));
                    written++;
                }
                catch (IOException)
                {
                    failed++;
                }
            }
        }

        var changes = before.Diff(SandboxSnapshot.Take(_scratch.Path), "root/vol");
        _output.WriteLine($"hard-link race (finding 2): runs={RacingRuns} written={written} failed={failed} changes-outside-the-volume={changes.Count} (on {_scratch.Label}, fsGroup {Describe(_fsGroup)}, {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.True(changes.Count == 0, string.Join('\n', changes.Take(20)));
    }

    // Finding 9: a name swapped between a file of the volume and a link to (or a hard link of) a file outside,
    // while the backend's mode and owner changes are called on it. They act on what they checked, by descriptor.
    [Fact]
    public void Mode_and_owner_changes_never_reach_a_file_outside_through_a_swapped_name()
    {
        var fs = new LinuxVolumeFileSystem(Volume);
        var target = Path.Combine(Outside, "root", ".ssh", "id_ed25519");
        var original = File.GetUnixFileMode(target);
        File.WriteAllText(Path.Combine(Volume, "f"), "mine");
        Assert.True(Racer.Symlink(target, Path.Combine(Volume, "f.link")));
        File.WriteAllText(Path.Combine(Volume, "g"), "mine");
        Assert.True(Racer.Link(target, Path.Combine(Volume, "g.hard")));
        var before = SandboxSnapshot.Take(_scratch.Path);
        long applied = 0, refused = 0, modeChanges = 0, ownerChanges = 0;
        var originalGroup = Group(target);
        var clock = Stopwatch.StartNew();
        using (var racer = new Racer(() =>
        {
            Exchange(Path.Combine(Volume, "f"), Path.Combine(Volume, "f.link"));
            Exchange(Path.Combine(Volume, "g"), Path.Combine(Volume, "g.hard"));
        }))
        {
            for (var call = 0; call < SetModeCalls; call++)
            {
                try
                {
                    if (call % 2 == 0)
                    {
                        fs.SetMode("f", 0x1A4);
                    }
                    else
                    {
                        fs.SetOwner("g", null, (call % 4) + 1);
                    }

                    applied++;
                }
                catch (IOException)
                {
                    refused++;
                }

                if (call % 2 == 0 && File.GetUnixFileMode(target) != original)
                {
                    modeChanges++;
                    File.SetUnixFileMode(target, original);
                }
                else if (call % 2 == 1 && Group(target) != originalGroup)
                {
                    ownerChanges++;
                    Assert.Equal(0, Chown(target, uint.MaxValue, (uint)originalGroup));
                }
            }
        }

        Exchange(Path.Combine(Volume, "f"), Path.Combine(Volume, "f.link")); // whatever state the racer left
        var changes = before.Diff(SandboxSnapshot.Take(_scratch.Path), "root/vol");
        _output.WriteLine($"SetMode/SetOwner against a swapping name (finding 9): calls={SetModeCalls} applied={applied} refused={refused} outside-mode-changed={modeChanges} outside-owner-changed={ownerChanges} (on {_scratch.Label}, {clock.Elapsed.TotalSeconds:F1} s)");
        Assert.Equal(0, modeChanges);
        Assert.Equal(0, ownerChanges);
        Assert.True(changes.Count == 0, string.Join('\n', changes));
    }

    // Finding 3: names planted before the write at what will be visible names (a link elsewhere, a file, a
    // directory), before the first write and for a key the Secret gains later. Upstream keeps them, so readers get
    // the planted content; this writer replaces each with its link, atomically, and says so.
    [Theory]
    [InlineData("a link elsewhere")]
    [InlineData("a file")]
    [InlineData("a directory")]
    [InlineData("a link to a generation's file")]
    public void A_name_planted_where_a_visible_link_belongs_is_replaced(string planted)
    {
        var writer = AtomicWriter.Create(new LinuxVolumeFileSystem(Volume));
        Plant("token", planted);
        var first = writer.Write(Payload(("token", "mine"), ("other", "1")));
        Plant("gained", planted);
        var second = writer.Write(Payload(("token", "mine"), ("other", "1"), ("gained", "later")));

        _output.WriteLine($"planted visible names (finding 3), {planted}: replaced {string.Join(", ", first.Replaced)} then {string.Join(", ", second.Replaced)}");
        Assert.Equal(["token"], first.Replaced);
        Assert.Equal(["gained"], second.Replaced);
        foreach (var (name, data) in new[] { ("token", "mine"), ("gained", "later") })
        {
            Assert.Equal(VolumeLayout.VisibleLinkTarget(name), new FileInfo(Path.Combine(Volume, name)).LinkTarget);
            Assert.Equal(data, File.ReadAllText(Path.Combine(Volume, name)));
        }

        Assert.Empty(writer.Write(Payload(("token", "mine"), ("other", "1"), ("gained", "later"))).Replaced);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Volume).Select(Path.GetFileName), n => n!.StartsWith("..", StringComparison.Ordinal) && n != VolumeLayout.DataDirectory && n != second.DataDirectory);
    }

    // Finding 4: a `..data` that is a directory (not a link to a generation) made every later write fail, and
    // readers got its files. It is damage: moved out of the way atomically, then the write goes on.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_planted_data_directory_is_moved_away_and_the_write_goes_on(bool afterAWrite)
    {
        var writer = AtomicWriter.Create(new LinuxVolumeFileSystem(Volume));
        if (afterAWrite)
        {
            writer.Write(Payload(("token", "first")));
            File.Delete(Path.Combine(Volume, VolumeLayout.DataDirectory));
        }

        Directory.CreateDirectory(Path.Combine(Volume, VolumeLayout.DataDirectory, "deeper"));
        File.WriteAllText(Path.Combine(Volume, VolumeLayout.DataDirectory, "token"), "planted");

        var result = writer.Write(Payload(("token", "mine")));
        var again = writer.Write(Payload(("token", "mine")));

        _output.WriteLine($"planted ..data directory (finding 4), {(afterAWrite ? "after a write" : "before the first")}: {(result.Changed ? "written" : "unchanged")}, replaced {string.Join(", ", result.Replaced)}");
        Assert.Equal([VolumeLayout.DataDirectory], result.Replaced);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Volume, "token")));
        Assert.Equal(result.DataDirectory, new FileInfo(Path.Combine(Volume, VolumeLayout.DataDirectory)).LinkTarget);
        Assert.False(again.Changed);
        Assert.Equal(new[] { "token", VolumeLayout.DataDirectory, result.DataDirectory }.Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(Volume).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _scratch.Dispose();

    private static string Describe(long? fsGroup) => fsGroup is null ? "none: not root" : fsGroup.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Plant(string name, string planted)
    {
        var path = Path.Combine(Volume, name);
        switch (planted)
        {
            case "a link elsewhere":
                File.CreateSymbolicLink(path, Path.Combine(Outside, "token"));
                break;
            case "a file":
                File.WriteAllText(path, "planted");
                break;
            case "a directory":
                Directory.CreateDirectory(Path.Combine(path, "inner"));
                break;
            default:
                File.CreateSymbolicLink(path, VolumeLayout.DataDirectory + "/other");
                break;
        }
    }

    private VolumePayload Payload(params (string Path, string Data)[] files) =>
        new VolumePayload(files.Select(f => KeyValuePair.Create(f.Path, new PayloadFile(Encoding.UTF8.GetBytes(f.Data), 0x1A4)))).WithFsGroup(_fsGroup);

    private static void Exchange(string a, string b) => RenameAt2(-100, a, -100, b, RenameExchange);

    private static long Group(string path) => SandboxSnapshot.Take(path, recursive: false).Entries["."].Split(' ')[2].Split(':')[1] is var g ? long.Parse(g, System.Globalization.CultureInfo.InvariantCulture) : -1;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint user, uint group);
}
