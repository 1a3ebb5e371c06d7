using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Testing.Tests.Volumes;

/// <summary>
/// The simulation's own POSIX behaviour: links, renames, crashes and injected failures (the volume writer's contract
/// on it: <c>InMemoryVolumeWriterTests</c> in SecretProjection.Tests).
/// </summary>
public sealed class InMemoryVolumeFileSystemTests
{
    private readonly InMemoryVolumeFileSystem _fs = new();

    [Fact]
    public void Resolves_a_relative_link_against_the_directory_of_the_link()
    {
        _fs.CreateDirectory("d", 0x1ED);
        _fs.CreateDirectory("d/e", 0x1ED);
        _fs.WriteFile("d/e/f", "x"u8, 0x1A4, null);
        _fs.CreateSymlink("e/f", "d/link");
        _fs.CreateSymlink("d/e", "dir");
        _fs.CreateSymlink("../volume/d/e/f", "up");

        Assert.Equal("x"u8.ToArray(), _fs.ReadFileThroughLinks("d/link"));
        Assert.Equal("x"u8.ToArray(), _fs.ReadFileThroughLinks("dir/f"));
        Assert.Equal("x"u8.ToArray(), _fs.ReadFileThroughLinks("up"));
        Assert.Equal("x"u8.ToArray(), _fs.ReadFileThroughLinks("/volume/dir/f"));
    }

    [Fact]
    public void Follows_dot_dot_after_a_link_from_the_link_target_as_linux_does()
    {
        _fs.CreateDirectory("a", 0x1ED);
        _fs.CreateDirectory("a/b", 0x1ED);
        _fs.WriteFile("a/x", "in a"u8, 0x1A4, null);
        _fs.WriteFile("x", "in volume"u8, 0x1A4, null);
        _fs.CreateSymlink("a/b", "l");

        // l/.. is the parent of the target (a), not the volume: the kernel resolves '..' physically.
        Assert.Equal("in a"u8.ToArray(), _fs.ReadFileThroughLinks("l/../x"));
    }

    [Fact]
    public void Allows_dangling_links_and_stops_at_loops()
    {
        _fs.CreateSymlink("nowhere", "dangling");
        _fs.CreateSymlink("loop2", "loop1");
        _fs.CreateSymlink("loop1", "loop2");

        Assert.Equal(VolumeEntryKind.Symlink, _fs.GetEntry("dangling")!.Kind);
        Assert.Null(_fs.ReadFileThroughLinks("dangling"));
        Assert.Null(_fs.ReadFileThroughLinks("loop1"));
    }

    [Fact]
    public void Renames_a_link_over_a_link_to_a_directory_atomically()
    {
        _fs.CreateDirectory("..old", 0x1ED);
        _fs.CreateDirectory("..new", 0x1ED);
        _fs.WriteFile("..new/k", "new"u8, 0x1A4, null);
        _fs.CreateSymlink("..old", "..data");
        _fs.CreateSymlink("..new", "..data_tmp");

        _fs.Rename("..data_tmp", "..data");

        Assert.Equal("..new", _fs.ReadLink("..data"));
        Assert.Null(_fs.GetEntry("..data_tmp"));
        Assert.Equal("new"u8.ToArray(), _fs.ReadFileThroughLinks("..data/k"));
    }

    [Fact]
    public void Refuses_to_rename_a_link_over_a_directory()
    {
        _fs.CreateDirectory("dir", 0x1ED);
        _fs.CreateSymlink("x", "link");

        Assert.Throws<IOException>(() => _fs.Rename("link", "dir"));
    }

    [Fact]
    public void A_crash_stops_every_later_operation_until_restart_and_leaves_a_half_written_file()
    {
        _fs.CrashAt(2);
        _fs.CreateDirectory("d", 0x1ED);

        Assert.Throws<SimulatedCrashException>(() => _fs.WriteFile("d/f", "abcd"u8, 0x1A4, null));
        Assert.Throws<SimulatedCrashException>(() => _fs.GetEntry("d"));
        Assert.True(_fs.HasCrashed);

        _fs.Restart();
        Assert.Equal("ab"u8.ToArray(), _fs.ReadFile("d/f"));
    }

    [Fact]
    public void An_injected_failure_is_an_io_error_once()
    {
        _fs.FailAt(1);

        Assert.Throws<IOException>(() => _fs.CreateDirectory("d", 0x1ED));
        _fs.CreateDirectory("d", 0x1ED);
        Assert.Equal(2, _fs.WriteOperationCount);
    }
}
