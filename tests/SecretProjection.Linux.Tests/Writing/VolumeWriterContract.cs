using System.Text;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Writing;
using Xunit.Abstractions;
using static SecretProjection.Linux.Tests.Writing.UpstreamCases;

namespace SecretProjection.Linux.Tests.Writing;

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
            Assert.Equal(first with { Changed = false }, writer.Write(P(("a", "644", "1"), ("b/c", "400", "2"), (".d", "600", string.Empty))));
        }

        Assert.Equal(writes, counting.Writes);
        Output.WriteLine($"first write: {writes} write operations; three unchanged writes: 0 write operations, {counting.Reads} reads in all");
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
        var writer = AtomicWriter.Create(Backend, new AtomicWriterOptions { TimeProvider = Clock, FsGroup = 2000 });
        var ts = writer.Write(P(("a", "600", "1"), ("d/b", "400", "2"))).DataDirectory;

        Assert.Equal(2000, Backend.GetEntry(ts + "/a")!.Group);
        Assert.Equal(0x1A0, Backend.GetEntry(ts + "/a")!.Mode); // 0600 | 0440 = 0640
        Assert.Equal(0x120, Backend.GetEntry(ts + "/d/b")!.Mode); // 0400 | 0440 = 0440
        Assert.Equal(0x5ED, Backend.GetEntry(ts + "/d")!.Mode); // 0755 | 02550 = 02755
        Assert.Equal(2000, Backend.GetEntry(ts)!.Group);
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
            paths.Add(key);
            if (Backend.GetEntry(dir + "/" + name)!.Kind == VolumeEntryKind.Directory)
            {
                CollectPaths(dir + "/" + name, key, paths);
            }
        }
    }

    private static string Describe(byte[] data, int mode) => Convert.ToHexString(data) + " " + Convert.ToString(mode, 8);

    private static string Clean(string path) => string.Join('/', path.Split('/').Where(e => e.Length > 0 && e != "."));

    protected static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
