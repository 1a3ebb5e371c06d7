using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport.Writing;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Volumes;

/// <summary>The volume contract on a real directory under the temporary directory.</summary>
public class LinuxVolumeFileSystemTests : VolumeWriterContract, IDisposable
{
    private readonly string _base;
    private LinuxVolumeFileSystem? _fs;

    public LinuxVolumeFileSystemTests(ITestOutputHelper output)
        : base(output)
    {
        _base = Directory.CreateTempSubdirectory("secretprojection-").FullName;
        Directory.CreateDirectory(Path.Combine(_base, "outside"));
        File.WriteAllText(Path.Combine(_base, "outside", "keep"), "keep");
        VolumePath = Path.Combine(_base, "volume");
        Directory.CreateDirectory(VolumePath);
    }

    protected string VolumePath { get; }

    protected override IVolumeFileSystem Backend => _fs ??= new LinuxVolumeFileSystem(VolumePath);

    protected override string OutsideDirectory => Path.Combine(_base, "outside");

    protected override byte[]? ReadThroughLinks(string path)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(VolumePath, path));
        }
        catch (IOException)
        {
            return null;
        }
    }

    protected override IReadOnlyList<string> ListOutside() =>
        [.. Directory.GetFileSystemEntries(OutsideDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void Swaps_data_with_rename_where_file_move_refuses_a_link_to_a_directory()
    {
        Backend.CreateDirectory("..a", 0x1ED);
        Backend.CreateDirectory("..b", 0x1ED);
        Backend.CreateSymlink("..a", "..data");
        Backend.CreateSymlink("..b", "..data_tmp");

        Backend.Rename("..data_tmp", "..data");

        Assert.Equal("..b", Backend.ReadLink("..data"));
        Assert.Equal(VolumeEntryKind.Symlink, Backend.GetEntry("..data")!.Kind);
    }

    [Fact]
    public void Reads_a_missing_link_as_null_and_a_file_as_an_error()
    {
        Backend.WriteFile("f", "x"u8, 0x1A4, null);

        Assert.Null(Backend.ReadLink("missing"));
        Assert.Null(Backend.GetEntry("missing/deeper"));
        Assert.Throws<IOException>(() => Backend.ReadLink("f"));
        Assert.Throws<IOException>(() => Backend.WriteFile("f", "y"u8, 0x1A4, null));
    }

    // During a write the backend keeps the directories it opened: a directory swapped for a link to outside
    // after it was opened is still never walked through; the writes land in the directory it opened.
    [Fact]
    public void A_directory_replaced_by_a_link_during_a_write_is_not_followed()
    {
        var outside = ListOutside();
        using (Backend.BeginWrite())
        {
            Backend.CreateDirectory("..g", 0x1ED);
            Backend.WriteFile("..g/a", "a"u8, 0x1A4, null);
            Directory.Move(Path.Combine(VolumePath, "..g"), Path.Combine(VolumePath, "..moved"));
            File.CreateSymbolicLink(Path.Combine(VolumePath, "..g"), OutsideDirectory);

            Backend.WriteFile("..g/b", "b"u8, 0x1A4, null);
        }

        Assert.Equal(outside, ListOutside());
        Assert.Equal(["a", "b"], Backend.List("..moved"));

        // Outside a write nothing is kept: the planted link is found and refused.
        Assert.Equal("lookup ..g/c: refusing to follow a symbolic link", Assert.Throws<IOException>(() => Backend.WriteFile("..g/c", "c"u8, 0x1A4, null)).Message);
        Assert.Equal(outside, ListOutside());
    }

    // What a write kept is dropped when it ends, and when the backend itself removes or renames the directory.
    [Fact]
    public void Forgets_kept_directories_when_the_write_ends_or_they_are_removed()
    {
        using (Backend.BeginWrite())
        {
            Backend.CreateDirectory("d", 0x1ED);
            Backend.WriteFile("d/a", "a"u8, 0x1A4, null);
            Backend.Remove("d/a");
            Backend.Remove("d");
            Backend.CreateDirectory("d", 0x1ED);
            Backend.WriteFile("d/b", "b"u8, 0x1A4, null);
            Backend.Rename("d", "e");
            Backend.CreateDirectory("d", 0x1ED);
            Backend.WriteFile("d/c", "c"u8, 0x1A4, null);
        }

        Assert.Equal(["b"], Backend.List("e"));
        Assert.Equal(["c"], Backend.List("d"));

        Directory.Move(Path.Combine(VolumePath, "d"), Path.Combine(VolumePath, "f"));
        Directory.CreateDirectory(Path.Combine(VolumePath, "d"));
        Backend.WriteFile("d/x", "x"u8, 0x1A4, null);
        Assert.Equal(["x"], Backend.List("d"));
    }

    // The table of kept directories exists only during a write (a volume between writes holds nothing but its own
    // descriptor): each write makes it again, and an inner write scope's end does not drop the outer one's.
    [Fact]
    public void Every_write_keeps_its_directories_again_and_a_nested_scope_keeps_them_until_the_outermost_ends()
    {
        var outside = ListOutside();
        for (var write = 0; write < 2; write++)
        {
            var generation = "..g" + write;
            using (Backend.BeginWrite())
            {
                Backend.CreateDirectory(generation, 0x1ED);
                Backend.WriteFile(generation + "/a", "a"u8, 0x1A4, null);
                using (Backend.BeginWrite())
                {
                    Backend.WriteFile(generation + "/b", "b"u8, 0x1A4, null);
                }

                Directory.Move(Path.Combine(VolumePath, generation), Path.Combine(VolumePath, "..moved" + write));
                File.CreateSymbolicLink(Path.Combine(VolumePath, generation), OutsideDirectory);

                Backend.WriteFile(generation + "/c", "c"u8, 0x1A4, null);
                Backend.Remove(generation + "/a");
            }

            Assert.Equal(["b", "c"], Backend.List("..moved" + write));
        }

        Assert.Equal(outside, ListOutside());
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fs?.Dispose();
            Cleanup();
            Directory.Delete(_base, recursive: true);
        }
    }

    protected virtual void Cleanup()
    {
    }
}
