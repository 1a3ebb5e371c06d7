using SecretProjection.Writing;

namespace SecretProjection.Tests.Writing;

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
    public void TestValidatePath(string path, string? error)
    {
        var thrown = Record.Exception(() => PayloadPaths.Validate(path));
        Assert.Equal(error, thrown?.Message);
    }

    [Fact]
    public void TestValidatePath_max_lengths_count_utf8_bytes()
    {
        Assert.Equal("invalid path: must be less than or equal to 4096 characters", Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Validate(new string('a', 4097))).Message);
        Assert.Equal("invalid path: filenames must be less than or equal to 255 characters", Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Validate(new string('a', 256))).Message);
        Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Validate(new string('é', 128))); // 256 bytes
        PayloadPaths.Validate(new string('a', 255));
        var longest = string.Join('/', Enumerable.Repeat(new string('a', 240), 17)); // 17 * 240 + 16 = 4096
        PayloadPaths.Validate(longest);
        Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Validate("b" + longest));
    }

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
    public void TestValidatePayload_refuses_invalid_paths(string path)
    {
        var payload = new VolumePayload([KeyValuePair.Create(path, new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4))]);
        Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Clean(payload));
    }

    [Fact]
    public void Refuses_a_path_that_is_both_a_file_and_a_directory()
    {
        var payload = new VolumePayload([
            KeyValuePair.Create("foo/bar", new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4)),
            KeyValuePair.Create("foo/bar/txt", new PayloadFile(ReadOnlyMemory<byte>.Empty, 0x1A4)),
        ]);

        Assert.Equal("invalid path: foo/bar is both a file and a directory", Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Clean(payload)).Message);
    }

    [Fact]
    public void The_dot_dot_name_itself_is_only_refused_as_an_element()
    {
        // Upstream: items[0] starting with ".." and longer than 2 is reserved; ".." alone is the '..' element rule.
        Assert.Equal("invalid path: must not contain '..': ../x", Assert.Throws<InvalidPayloadException>(() => PayloadPaths.Validate("../x")).Message);
        PayloadPaths.Validate("a/..b");
    }
}
