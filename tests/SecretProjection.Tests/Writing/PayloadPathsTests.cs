using SecretProjection.Writing;

namespace SecretProjection.Tests.Writing;

/// <summary>The writer's path rules, which the planner applies too (one implementation: <c>PayloadPaths</c>).</summary>
public class PayloadPathsTests
{
    // Upstream TestValidatePath (pkg/volume/util/atomic_writer_test.go), with upstream's messages.
    [Theory]
    [InlineData("i/am/well/behaved.txt", null)]
    [InlineData("keepyourheaddownandfollowtherules.txt", null)]
    [InlineData("/dev/null", "invalid path: must be relative path: /dev/null")]
    [InlineData("..sneaky.txt", "invalid path: must not start with '..': ..sneaky.txt")]
    [InlineData("hello/there/../../../../../../etc/passwd", "invalid path: must not contain '..': hello/there/../../../../../../etc/passwd")]
    [InlineData("hello/../etc/somethingbad", "invalid path: must not contain '..': hello/../etc/somethingbad")]
    [InlineData("", "invalid path: must not be empty: \"\"")]
    public void TestValidatePath(string path, string? error) => Assert.Equal(error, PayloadPaths.Problem(path));

    [Fact]
    public void TestValidatePath_max_lengths_count_utf8_bytes()
    {
        Assert.Equal("invalid path: must be less than or equal to 4096 characters", PayloadPaths.Problem(new string('a', 4097)));
        Assert.Equal("invalid path: filenames must be less than or equal to 255 characters", PayloadPaths.Problem(new string('a', 256)));
        Assert.NotNull(PayloadPaths.Problem(new string('é', 128))); // 128 characters, 256 bytes: Go's len() counts bytes
        Assert.Null(PayloadPaths.Problem(new string('a', 255)));
        Assert.Null(PayloadPaths.Problem(string.Join('/', Enumerable.Repeat(new string('a', 255), 16)))); // 4095 bytes
        var longest = string.Join('/', Enumerable.Repeat(new string('a', 240), 17)); // 17 * 240 + 16 = 4096
        Assert.Null(PayloadPaths.Problem(longest));
        Assert.NotNull(PayloadPaths.Problem("b" + longest));
    }

    // atomic_writer_test.go TestWriteOnce: "invalid payload 1" (..bar) and "invalid payload 2" (foo/../bar); the
    // dotfiles of "basic 2" and "dotfiles" are fine. "." and "./" clean to nothing: upstream would write onto the
    // generation directory itself and fail there; both the planner and the writer refuse them with one message.
    [Theory]
    [InlineData("..bar", "invalid path: must not start with '..': ..bar")]
    [InlineData("foo/../bar", "invalid path: must not contain '..': foo/../bar")]
    [InlineData("/etc/passwd", "invalid path: must be relative path: /etc/passwd")]
    [InlineData(".", "invalid path: must not be '.'")]
    [InlineData("./", "invalid path: must not be '.'")]
    [InlineData(".//.", "invalid path: must not be '.'")]
    [InlineData("x\0y", "invalid path: must not contain NUL: x\0y")]
    [InlineData(".binary.bin", null)]
    [InlineData(".dotfile.file", null)]
    [InlineData("a/..b", null)]
    [InlineData("1/2/3/4/5/6/7/8/9/10/.dotfile.lib", null)]
    public void Reports_the_writers_messages(string path, string? message) => Assert.Equal(message, PayloadPaths.Problem(path));

    [Fact]
    public void The_dot_dot_name_itself_is_only_refused_as_an_element()
    {
        // Upstream: items[0] starting with ".." and longer than 2 is reserved; ".." alone is the '..' element rule.
        Assert.Equal("invalid path: must not contain '..': ../x", PayloadPaths.Problem("../x"));
        Assert.Null(PayloadPaths.Problem("a/..b"));
    }

    // "subdirectories 2" of TestWriteOnce writes foo//bar.txt and bar///bar/zab.txt as cleaned paths; a subPath may
    // hold '..' (the pod's validation refuses it elsewhere), which Go's path.Clean folds.
    [Theory]
    [InlineData("foo//bar.txt", "foo/bar.txt")]
    [InlineData("bar///bar/zab.txt", "bar/bar/zab.txt")]
    [InlineData("./a/./b/", "a/b")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("..a/b", "..a/b")]
    [InlineData(".", ".")]
    [InlineData("", ".")]
    public void Cleans_as_Go_path_Clean(string path, string cleaned) => Assert.Equal(cleaned, PayloadPaths.Clean(path));

    // Upstream TestValidatePayload: valid paths come back cleaned.
    [Theory]
    [InlineData(new[] { "foo", "bar" }, new[] { "bar", "foo" })]
    [InlineData(new[] { "foo////bar" }, new[] { "foo/bar" })]
    [InlineData(new[] { "./bar", "foo/./baz/" }, new[] { "bar", "foo/baz" })]
    [InlineData(new[] { "a/.", "x/./y", ".hidden/.x", "b./c." }, new[] { ".hidden/.x", "a", "b./c.", "x/y" })]
    public void TestValidatePayload_cleans_paths(string[] paths, string[] expected)
    {
        var payload = new VolumePayload(paths.Select(p => KeyValuePair.Create(p, new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4))));
        Assert.Equal(expected, PayloadPaths.Clean(payload).Select(f => f.Key));
    }

    [Theory]
    [InlineData("foo/../etc/password")]
    [InlineData("..sneaky.txt")]
    [InlineData("/dev/null")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData("x\0y")]
    public void TestValidatePayload_refuses_invalid_paths_with_the_same_message(string path)
    {
        var payload = new VolumePayload([KeyValuePair.Create(path, new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4))]);
        Assert.Equal(PayloadPaths.Problem(path), Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Clean(payload)).Message);
    }

    [Fact]
    public void Refuses_a_path_that_is_both_a_file_and_a_directory_naming_the_topmost_file()
    {
        var payload = new VolumePayload([
            KeyValuePair.Create("foo/bar", new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4)),
            KeyValuePair.Create("foo/bar/txt", new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4)),
            KeyValuePair.Create("foo/bar/txt/deeper", new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4)),
        ]);

        Assert.Equal("invalid path: foo/bar is both a file and a directory", Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Clean(payload)).Message);
        Assert.Equal("foo/bar", PayloadPaths.FileParent("foo/bar/txt/deeper", p => p is "foo/bar" or "foo/bar/txt"));
        Assert.Null(PayloadPaths.FileParent("foo/bar", _ => false));
    }
}
