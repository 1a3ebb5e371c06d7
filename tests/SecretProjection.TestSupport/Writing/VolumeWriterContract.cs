using System.Text;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Writing;
using Xunit.Abstractions;
using static SecretProjection.TestSupport.Writing.UpstreamCases;

namespace SecretProjection.TestSupport.Writing;

/// <summary>
/// The contract every volume file system must meet under the atomic writer, run against each backend: after
/// any sequence of writes a reader sees exactly one complete generation through <c>name</c> and
/// <c>..data/name</c>, nothing stray is left, and an unchanged payload writes nothing.
/// </summary>
public abstract class VolumeWriterContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    protected VolumeWriterContract(ITestOutputHelper output) => Output = output;

    protected ITestOutputHelper Output { get; }

    protected FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>The backend under test, rooted at a fresh empty volume directory.</summary>
    protected abstract IVolumeFileSystem Backend { get; }

    /// <summary>Reads a file as a process in the container would: following every link.</summary>
    protected abstract byte[]? ReadThroughLinks(string path);

    /// <summary>An absolute directory outside the volume, for planted links.</summary>
    protected abstract string OutsideDirectory { get; }

    /// <summary>The names in <see cref="OutsideDirectory"/>.</summary>
    protected abstract IReadOnlyList<string> ListOutside();

    [VolumeTheory]
    [MemberData(nameof(WriteOnceNames))]
    public void TestWriteOnce(string name)
    {
        var (payload, success) = WriteOnce[name];
        var writer = CreateWriter(Backend);
        if (!success)
        {
            Assert.Throws<InvalidPayloadException>(() => writer.Write(payload));
            Assert.Empty(Backend.List(string.Empty));
            return;
        }

        Assert.True(writer.Write(payload).Changed);
        AssertGeneration(payload);
    }

    // Observable form of upstream's TestPathsToRemove: the removed paths are gone from the new generation and,
    // for first path elements, from the visible names; the rest of the old generation's paths remain.
    [VolumeTheory]
    [MemberData(nameof(PathsToRemoveNames))]
    public void TestPathsToRemove(string name)
    {
        var (first, second, removed) = UpstreamCases.PathsToRemove[name];
        var writer = CreateWriter(Backend);
        var old = writer.Write(first).DataDirectory;
        var oldPaths = new List<string>();
        CollectPaths(old, string.Empty, oldPaths);

        var current = writer.Write(second).DataDirectory;

        Assert.Equal(removed.Order(StringComparer.Ordinal), oldPaths.Where(p => Backend.GetEntry(current + "/" + p) is null).Order(StringComparer.Ordinal));
        Assert.All(removed.Where(p => !p.Contains('/', StringComparison.Ordinal)), p => Assert.Null(Backend.GetEntry(p)));
        Assert.Null(Backend.GetEntry(old));
        AssertGeneration(second);
    }

    [VolumeTheory]
    [MemberData(nameof(UpdateNames))]
    public void TestUpdate(string name)
    {
        var (first, next, shouldWrite) = Update[name];
        var counting = new CountingVolumeFileSystem(Backend);
        var writer = CreateWriter(counting);
        var before = writer.Write(first);
        AssertGeneration(first);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var writesBefore = counting.Writes;
        var after = writer.Write(next);

        Assert.Equal(shouldWrite, after.Changed);
        if (shouldWrite)
        {
            Assert.NotEqual(before.DataDirectory, after.DataDirectory);
            AssertGeneration(next);
        }
        else
        {
            Assert.Equal(before.DataDirectory, after.DataDirectory);
            Assert.Equal(writesBefore, counting.Writes);
            AssertGeneration(first);
        }
    }

    [VolumeTheory]
    [MemberData(nameof(MultipleUpdatesNames))]
    public void TestMultipleUpdates(string name)
    {
        var writer = CreateWriter(Backend);
        foreach (var payload in MultipleUpdates[name])
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            writer.Write(payload);
            AssertGeneration(payload);
        }
    }

    [VolumeTheory]
    [MemberData(nameof(CreateUserVisibleFilesNames))]
    public void TestCreateUserVisibleFiles(string name)
    {
        var (payload, links) = CreateUserVisibleFiles[name];
        CreateWriter(Backend).Write(payload);
        foreach (var (link, target) in links)
        {
            Assert.Equal(target, Backend.ReadLink(link));
        }
    }

    // Upstream's PR #122807 (issue #121472): the data is current but a visible link is gone (a kubelet restart
    // in the middle of a write): an unchanged write recreates it and writes nothing else.
    [VolumeFact]
    public void Unchanged_write_recreates_a_missing_visible_link_and_writes_nothing_else()
    {
        var payload = P(("foo", "644", "foo"), ("bar/baz", "644", "baz"));
        var counting = new CountingVolumeFileSystem(Backend);
        var writer = CreateWriter(counting);
        var first = writer.Write(payload);
        Backend.Remove("bar");

        var writes = counting.Writes;
        var second = writer.Write(payload);

        Assert.False(second.Changed);
        Assert.Equal(first.DataDirectory, second.DataDirectory);
        Assert.Equal(writes + 1, counting.Writes);
        AssertGeneration(payload);
    }

    [VolumeFact]
    public void Unchanged_write_issues_no_write_operation_and_keeps_the_generation()
    {
        var payload = P(("a", "644", "1"), ("b/c", "400", "2"), (".d", "600", string.Empty));
        var counting = new CountingVolumeFileSystem(Backend);
        var writer = CreateWriter(counting);
        var first = writer.Write(payload);
        var writes = counting.Writes;

        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            AssertUnchanged(first, writer.Write(P(("a", "644", "1"), ("b/c", "400", "2"), (".d", "600", string.Empty))));
        }

        Assert.Equal(writes, counting.Writes);
        Output.WriteLine($"first write: {writes} write operations; three unchanged writes: 0 write operations, {counting.Reads} reads in all");
        AssertGeneration(payload);
    }

    // The writer keeps an index of what it published instead of reading it back: the second and later unchanged
    // writes of one writer read no file at all; a new writer (a restarted process) compares bytes as upstream.
    [VolumeFact]
    public void An_unchanged_write_by_the_writer_that_published_reads_no_file_and_a_new_writer_reads_them()
    {
        var payload = P(("a", "644", "1"), ("b/c", "400", "2"));
        var counting = new CountingVolumeFileSystem(Backend);
        var published = CreateWriter(counting).Write(payload);

        var restarted = CreateWriter(counting);
        Assert.False(restarted.Write(payload).Changed);
        var readsByNewWriter = counting.FileReads;
        Assert.False(restarted.Write(payload).Changed);

        Assert.Equal(2, readsByNewWriter);
        Assert.Equal(readsByNewWriter, counting.FileReads);
        Assert.Equal(published.DataDirectory, Backend.ReadLink(VolumeLayout.DataDirectory));
    }

    // The index is trusted only while ..data still points to the generation the writer published: another
    // writer's swap, even to the same bytes, makes it look at the volume again.
    [VolumeFact]
    public void Does_not_trust_its_index_after_another_writer_swapped_data()
    {
        var mine = P(("a", "644", "mine"));
        var theirs = P(("a", "644", "theirs"), ("b", "644", "x"));
        var writer = CreateWriter(Backend, new Random(1));
        var other = CreateWriter(Backend, new Random(2));
        writer.Write(mine);

        Clock.Advance(TimeSpan.FromSeconds(1));
        other.Write(theirs);
        Assert.True(writer.Write(mine).Changed);
        AssertGeneration(mine);

        // Another writer's generation with the very bytes the writer published: it reads them and writes nothing.
        Clock.Advance(TimeSpan.FromSeconds(1));
        other.Write(theirs);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var same = other.Write(mine);
        Assert.True(same.Changed);
        AssertUnchanged(same, writer.Write(mine));
        AssertGeneration(mine);
    }

    // A file removed from or added to the published generation behind the writer's back is noticed (each
    // directory is listed), and the write publishes the payload again, as upstream's comparison would.
    [VolumeTheory]
    [InlineData("removed")]
    [InlineData("added")]
    [InlineData("added in a subdirectory")]
    public void Writes_again_when_a_file_of_its_generation_was_removed_or_added(string change)
    {
        var payload = P(("a", "644", "1"), ("d/b", "644", "2"));
        var writer = CreateWriter(Backend);
        var ts = writer.Write(payload).DataDirectory;
        switch (change)
        {
            case "removed":
                Backend.Remove(ts + "/a");
                break;
            case "added":
                Backend.WriteFile(ts + "/extra", "x"u8, 0x1A4, null);
                break;
            default:
                Backend.WriteFile(ts + "/d/extra", "x"u8, 0x1A4, null);
                break;
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        var result = writer.Write(payload);

        Assert.True(result.Changed);
        Assert.NotEqual(ts, result.DataDirectory);
        AssertGeneration(payload);
    }

    [VolumeFact]
    public void Names_the_generation_after_the_utc_time_and_a_random_number_as_upstream()
    {
        var writer = CreateWriter(Backend, new Random(7));
        var result = writer.Write(P(("a", "644", "1")));
        var expected = VolumeLayout.TimestampDirectoryName(Start, (uint)new Random(7).NextInt64(0, 1L << 32));

        Assert.Equal(expected, result.DataDirectory);
        Assert.Matches(@"^\.\.2026_11_25_10_00_00\.[0-9]+$", result.DataDirectory);
        Assert.Equal(VolumeLayout.DirectoryMode, Backend.GetEntry(result.DataDirectory)!.Mode);
    }

    [VolumeFact]
    public void Sets_exact_modes_whatever_the_umask()
    {
        var payload = P(("open", "777", "x"), ("sticky/none", "407", "y"), ("closed", "000", "z"));
        var ts = CreateWriter(Backend).Write(payload).DataDirectory;

        Assert.Equal(0x1FF, Backend.GetEntry(ts + "/open")!.Mode);
        Assert.Equal(0x107, Backend.GetEntry(ts + "/sticky/none")!.Mode);
        Assert.Equal(0, Backend.GetEntry(ts + "/closed")!.Mode);
        Assert.Equal(VolumeLayout.DirectoryMode, Backend.GetEntry(ts + "/sticky")!.Mode);
    }

    [VolumeFact]
    [RequiresRoot("giving a file to another user needs CAP_CHOWN")]
    public void Gives_a_file_to_its_user()
    {
        var payload = new VolumePayload([KeyValuePair.Create("token", new PayloadFile("t"u8.ToArray(), 0x180, 1234))]);
        var ts = CreateWriter(Backend).Write(payload).DataDirectory;

        Assert.Equal(1234, Backend.GetEntry(ts + "/token")!.User);
    }

    // The kubelet's setPerms step (SetVolumeOwnership, read-only volume): group, group read, setgid directories.
    [VolumeFact]
    [RequiresRoot("changing the group of a file to one the process is not in needs CAP_CHOWN")]
    public void Applies_the_fs_group_before_publishing()
    {
        var writer = CreateWriter(Backend);
        var ts = writer.Write(P(("a", "600", "1"), ("d/b", "400", "2")).WithFsGroup(2000)).DataDirectory;

        Assert.Equal(2000, Backend.GetEntry(ts + "/a")!.Group);
        Assert.Equal(0x1A0, Backend.GetEntry(ts + "/a")!.Mode); // 0600 | 0440 = 0640
        Assert.Equal(0x120, Backend.GetEntry(ts + "/d/b")!.Mode); // 0400 | 0440 = 0440
        Assert.Equal(0x5ED, Backend.GetEntry(ts + "/d")!.Mode); // 0755 | 02550 = 02755
        Assert.Equal(2000, Backend.GetEntry(ts)!.Group);
    }

    // An update walks the whole volume but the generation it replaces (removed right after the swap): the new
    // generation, the volume directory and the visible links made by the previous write get the group, as
    // after upstream's walk; ..data is the link created after the walk, in upstream as here.
    [VolumeFact]
    [RequiresRoot("changing the group of a file to one the process is not in needs CAP_CHOWN")]
    public void Applies_the_fs_group_to_the_volume_on_an_update()
    {
        var writer = CreateWriter(Backend);
        writer.Write(P(("a", "600", "1"), ("d/b", "400", "2")).WithFsGroup(2000));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var ts = writer.Write(P(("a", "600", "3"), ("d/b", "644", "4")).WithFsGroup(2000)).DataDirectory;

        var names = new List<string>();
        CollectPaths(string.Empty, string.Empty, names);
        Assert.Equal(new[] { "a", "d", ts, ts + "/a", ts + "/d", ts + "/d/b" }.Order(StringComparer.Ordinal), names.Where(n => n != VolumeLayout.DataDirectory).Order(StringComparer.Ordinal));
        Assert.All(names.Append(string.Empty).Where(n => n != VolumeLayout.DataDirectory), n => Assert.Equal(2000, Backend.GetEntry(n)!.Group));
        Assert.Equal(0x1A0, Backend.GetEntry(ts + "/a")!.Mode); // 0600 | 0440
        Assert.Equal(0x1A4, Backend.GetEntry(ts + "/d/b")!.Mode); // 0644 | 0440
        Assert.Equal(0x5ED, Backend.GetEntry(ts + "/d")!.Mode); // 02755
    }

    [VolumeFact]
    public void A_refused_payload_leaves_the_previous_generation_untouched()
    {
        var good = P(("a", "644", "1"));
        var writer = CreateWriter(Backend);
        writer.Write(good);
        var names = Backend.List(string.Empty);

        Assert.Throws<InvalidPayloadException>(() => writer.Write(P(("a", "644", "2"), ("..data_tmp", "644", "x"))));
        Assert.Throws<InvalidPayloadException>(() => writer.Write(P(("x", "644", "2"), ("x/y", "644", "x"))));

        Assert.Equal(names, Backend.List(string.Empty));
        AssertGeneration(good);
    }

    [VolumeFact]
    public void Recovers_from_a_stray_data_tmp_link_and_old_generations()
    {
        var payload = P(("a", "644", "1"));
        var writer = CreateWriter(Backend);
        var ts = writer.Write(payload).DataDirectory;
        Backend.CreateDirectory("..2020_01_01_00_00_00.1", 0x1ED);
        Backend.WriteFile("..2020_01_01_00_00_00.1/a", "torn"u8, 0x1A4, null);
        Backend.CreateSymlink("..2020_01_01_00_00_00.1", VolumeLayout.NewDataDirectory);
        Backend.CreateSymlink("..data/gone", "gone");

        Assert.False(writer.Write(payload).Changed);

        AssertGeneration(payload);
        Assert.Equal(ts, Backend.ReadLink(VolumeLayout.DataDirectory));
    }

    [VolumeFact]
    public void Refuses_to_write_through_a_planted_link_out_of_the_volume()
    {
        var outside = ListOutside();
        Backend.CreateDirectory("..2020_01_01_00_00_00.1", 0x1ED);
        Backend.CreateSymlink(OutsideDirectory, "..2020_01_01_00_00_00.1/escape");

        Assert.Throws<IOException>(() => Backend.WriteFile("..2020_01_01_00_00_00.1/escape/planted", "x"u8, 0x1A4, null));
        Assert.Throws<IOException>(() => Backend.ReadFile("..2020_01_01_00_00_00.1/escape"));
        Assert.Equal(outside, ListOutside());
    }

    // ..data planted as a link out of the volume, directly or through a reserved name: never walked, replaced.
    [VolumeTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replaces_a_planted_data_link_without_touching_its_target(bool throughReservedLink)
    {
        var outside = ListOutside();
        if (throughReservedLink)
        {
            Backend.CreateSymlink(OutsideDirectory, "..planted");
        }

        Backend.CreateSymlink(throughReservedLink ? "..planted" : OutsideDirectory, VolumeLayout.DataDirectory);

        var payload = P(("a", "644", "1"));
        CreateWriter(Backend).Write(payload);

        Assert.Equal(outside, ListOutside());
        AssertGeneration(payload);
    }

    [VolumeFact]
    public void Serializes_concurrent_writes_to_one_volume()
    {
        var payloads = Enumerable.Range(0, 8).Select(i => P(("a", "644", $"v{i}"), ($"k{i % 3}/x", "644", "y"))).ToArray();
        Parallel.For(0, payloads.Length, i => CreateWriter(Backend, new Random(i)).Write(payloads[i]));
        var last = payloads[^1];
        CreateWriter(Backend, new Random(99)).Write(last);

        AssertGeneration(last);
    }

    public static TheoryData<string> PathsToRemoveNames() => Names(UpstreamCases.PathsToRemove);

    public static TheoryData<string> WriteOnceNames() => Names(WriteOnce);

    public static TheoryData<string> UpdateNames() => Names(Update);

    public static TheoryData<string> MultipleUpdatesNames() => Names(MultipleUpdates);

    public static TheoryData<string> CreateUserVisibleFilesNames() => Names(CreateUserVisibleFiles);

    protected IAtomicWriter CreateWriter(IVolumeFileSystem fileSystem, Random? random = null) =>
        AtomicWriter.Create(fileSystem, new AtomicWriterOptions { TimeProvider = Clock, Random = random ?? new Random(42) });

    /// <summary>A write that published nothing: the generation <paramref name="published"/> named, nothing replaced.</summary>
    private static void AssertUnchanged(AtomicWriteResult published, AtomicWriteResult again)
    {
        Assert.False(again.Changed);
        Assert.Equal(published.DataDirectory, again.DataDirectory);
        Assert.Equal(published.Replaced, again.Replaced);
    }

    /// <summary>
    /// Upstream's checkVolumeContents and more: the files under <c>..data</c> are exactly the payload (bytes and
    /// modes), each is the same through <c>name</c> and <c>..data/name</c>, the visible names are exactly the
    /// payload's first path elements, and the only reserved names are <c>..data</c> and its generation.
    /// </summary>
    protected void AssertGeneration(VolumePayload payload)
    {
        var expected = payload.ToDictionary(f => Clean(f.Key), f => f.Value, StringComparer.Ordinal);
        var ts = Backend.ReadLink(VolumeLayout.DataDirectory);
        Assert.NotNull(ts);

        var paths = new List<string>();
        CollectPaths(ts, string.Empty, paths);
        var observed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Backend.GetEntry(ts + "/" + path) is { Kind: not VolumeEntryKind.Directory } entry)
            {
                observed[path] = Describe(Backend.ReadFile(ts + "/" + path), entry.Mode);
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + " " + Describe(e.Value.Data.ToArray(), e.Value.Mode)), observed.Select(e => e.Key + " " + e.Value));

        foreach (var (path, file) in expected)
        {
            Assert.Equal(file.Data.ToArray(), ReadThroughLinks(path));
            Assert.Equal(file.Data.ToArray(), ReadThroughLinks(VolumeLayout.DataDirectory + "/" + path));
        }

        var names = Backend.List(string.Empty);
        Assert.Equal(new[] { VolumeLayout.DataDirectory, ts }.Order(StringComparer.Ordinal), names.Where(VolumeLayout.IsReserved).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Keys.Select(k => k.Split('/')[0]).Distinct().Order(StringComparer.Ordinal), names.Where(n => !VolumeLayout.IsReserved(n)));
    }

    private void CollectPaths(string dir, string relative, List<string> paths)
    {
        foreach (var name in Backend.List(dir))
        {
            var key = relative.Length == 0 ? name : relative + "/" + name;
            var path = dir.Length == 0 ? name : dir + "/" + name;
            paths.Add(key);
            if (Backend.GetEntry(path)!.Kind == VolumeEntryKind.Directory)
            {
                CollectPaths(path, key, paths);
            }
        }
    }

    private static string Describe(byte[] data, int mode) => Convert.ToHexString(data) + " " + Convert.ToString(mode, 8);

    private static string Clean(string path) => string.Join('/', path.Split('/').Where(e => e.Length > 0 && e != "."));

    protected static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
