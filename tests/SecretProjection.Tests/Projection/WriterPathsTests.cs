using SecretProjection.Projection;

namespace SecretProjection.Tests.Projection;

public class WriterPathsTests
{
    // atomic_writer_test.go TestValidatePath.
    [Theory]
    [InlineData("i/am/well/behaved.txt", true)]
    [InlineData("keepyourheaddownandfollowtherules.txt", true)]
    [InlineData("/dev/null", false)]
    [InlineData("..sneaky.txt", false)]
    [InlineData("hello/there/../../../../../../etc/passwd", false)]
    [InlineData("hello/../etc/somethingbad", false)]
    [InlineData("", false)]
    public void Validates_paths_as_upstream_TestValidatePath(string path, bool valid) =>
        Assert.Equal(valid, WriterPaths.Problem(path) is null);

    [Fact]
    public void Rejects_a_path_over_4096_bytes_and_a_name_over_255_as_upstream_TestValidatePath()
    {
        Assert.Null(WriterPaths.Problem(string.Join('/', Enumerable.Repeat(new string('a', 255), 16)))); // 4095 bytes
        Assert.Equal("invalid path: must be less than or equal to 4096 characters", WriterPaths.Problem(new string('a', 4097)));
        Assert.Equal("invalid path: filenames must be less than or equal to 255 characters", WriterPaths.Problem(new string('a', 256)));
        Assert.Null(WriterPaths.Problem(new string('a', 255)));
    }

    [Fact]
    public void Counts_bytes_as_Go_does_not_characters()
    {
        // 128 two-byte characters: 128 characters, 256 bytes.
        Assert.NotNull(WriterPaths.Problem(new string('é', 128)));
    }

    // atomic_writer_test.go TestWriteOnce: "invalid payload 1" (..bar) and "invalid payload 2" (foo/../bar);
    // the dotfiles of "basic 2" and "dotfiles" are fine.
    [Theory]
    [InlineData("..bar", "invalid path: must not start with '..': ..bar")]
    [InlineData("foo/../bar", "invalid path: must not contain '..': foo/../bar")]
    [InlineData("/etc/passwd", "invalid path: must be relative path: /etc/passwd")]
    [InlineData("", "invalid path: must not be empty: \"\"")]
    [InlineData("./", "invalid path: must not be '.'")]
    [InlineData(".binary.bin", null)]
    [InlineData(".dotfile.file", null)]
    [InlineData("a/..b", null)]
    [InlineData("1/2/3/4/5/6/7/8/9/10/.dotfile.lib", null)]
    public void Reports_the_writers_messages(string path, string? message) =>
        Assert.Equal(message, WriterPaths.Problem(path));

    // "subdirectories 2" of TestWriteOnce writes foo//bar.txt and bar///bar/zab.txt as cleaned paths.
    [Theory]
    [InlineData("foo//bar.txt", "foo/bar.txt")]
    [InlineData("bar///bar/zab.txt", "bar/bar/zab.txt")]
    [InlineData("./a/./b/", "a/b")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData(".", ".")]
    public void Cleans_as_Go_path_Clean(string path, string cleaned) =>
        Assert.Equal(cleaned, WriterPaths.Clean(path));
}
