using FsCheck;
using FsCheck.Xunit;
using SecretProjection.Credentials;

namespace SecretProjection.Tests.Credentials;

public class ImageReferenceTests
{
    // The repositories reference.ParseNormalizedNamed gives (distribution/reference normalize_test.go and
    // the kubelet's parsers_test.go), which the kubelet looks its keyring up with.
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx")]
    [InlineData("nginx:1.27", "docker.io/library/nginx")]
    [InlineData("library/nginx", "docker.io/library/nginx")]
    [InlineData("docker.io/nginx", "docker.io/library/nginx")]
    [InlineData("index.docker.io/foo/bar:tag", "docker.io/foo/bar")]
    [InlineData("foo/bar", "docker.io/foo/bar")]
    [InlineData("registry.example.com/shop/web:2.1", "registry.example.com/shop/web")]
    [InlineData("registry.example.com:5000/shop/web", "registry.example.com:5000/shop/web")]
    [InlineData("localhost/foo", "localhost/foo")]
    [InlineData("localhost:5000/foo", "localhost:5000/foo")]
    [InlineData("Registry.Example.com/foo", "Registry.Example.com/foo")]
    [InlineData("[::1]:5000/foo", "[::1]:5000/foo")]
    [InlineData("foo_bar.com:8080", "docker.io/library/foo_bar.com")]
    [InlineData("ubuntu@sha256:45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2", "docker.io/library/ubuntu")]
    [InlineData("quay.io/coreos/etcd:v3.5.0@sha256:45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2", "quay.io/coreos/etcd")]
    public void Normalizes_to_the_repository(string image, string repository)
    {
        Assert.True(ImageReference.TryGetRepository(image, out var actual, out var error), error);
        Assert.Equal(repository, actual);
    }

    [Theory]
    [InlineData("", "invalid reference format")]
    [InlineData("Nginx", "invalid reference format: repository name (library/Nginx) must be lowercase")]
    [InlineData("registry.example.com/Shop", "invalid reference format: repository name (Shop) must be lowercase")]
    [InlineData("nginx:", "invalid reference format")]
    [InlineData("a b", "invalid reference format")]
    [InlineData("nginx@sha256:abc", "invalid reference format")]
    [InlineData("nginx@md5:0123456789abcdef0123456789abcdef", "unsupported digest algorithm")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef", "invalid checksum digest length")]
    [InlineData("45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2", "invalid repository name (45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2), cannot specify 64-byte hexadecimal strings")]
    public void Rejects_invalid_references_with_the_parser_message(string image, string message)
    {
        Assert.False(ImageReference.TryGetRepository(image, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Rejects_names_over_255_characters() =>
        Assert.Equal("repository name must not be more than 255 characters", ImageReference.TryGetRepository("a/" + new string('b', 250), out _, out var error) ? null : error);

    [Property(MaxTest = 500)]
    public bool Never_throws_and_a_repository_normalizes_to_itself(NonNull<string> image) =>
        !ImageReference.TryGetRepository(image.Get, out var repository, out _)
        || (ImageReference.TryGetRepository(repository, out var again, out _) && again == repository);
}
