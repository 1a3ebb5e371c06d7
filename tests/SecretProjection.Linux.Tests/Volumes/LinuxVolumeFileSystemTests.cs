using SecretProjection.Linux.Tests.Writing;
using SecretProjection.Linux.Volumes;
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

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Cleanup();
            Directory.Delete(_base, recursive: true);
        }
    }

    protected virtual void Cleanup()
    {
    }
}
