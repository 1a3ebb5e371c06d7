using FsCheck;
using FsCheck.Xunit;
using SecretProjection.Credentials;

namespace SecretProjection.Tests.Credentials;

public class RegistryUrlTests
{
    // TestUrlsMatch (pkg/credentialprovider/keyring_test.go).
    [Theory]
    // match when there is no path component
    [InlineData("*.kubernetes.io", "prefix.kubernetes.io", true)]
    [InlineData("prefix.*.io", "prefix.kubernetes.io", true)]
    [InlineData("prefix.kubernetes.*", "prefix.kubernetes.io", true)]
    [InlineData("*-good.kubernetes.io", "prefix-good.kubernetes.io", true)]
    // match with path components
    [InlineData("*.kubernetes.io/blah", "prefix.kubernetes.io/blah", true)]
    [InlineData("prefix.*.io/foo", "prefix.kubernetes.io/foo/bar", true)]
    // match with path components and ports
    [InlineData("*.kubernetes.io:1111/blah", "prefix.kubernetes.io:1111/blah", true)]
    [InlineData("prefix.*.io:1111/foo", "prefix.kubernetes.io:1111/foo/bar", true)]
    // no match when number of parts mismatch
    [InlineData("*.kubernetes.io", "kubernetes.io", false)]
    [InlineData("*.*.kubernetes.io", "prefix.kubernetes.io", false)]
    [InlineData("*.*.kubernetes.io", "kubernetes.io", false)]
    // no match when some parts mismatch
    [InlineData("kubernetes.io", "kubernetes.com", false)]
    [InlineData("k*.io", "quay.io", false)]
    // no match when ports mismatch
    [InlineData("*.kubernetes.io:1234/blah", "prefix.kubernetes.io:1111/blah", false)]
    [InlineData("prefix.*.io/foo", "prefix.kubernetes.io:1111/foo/bar", false)]
    public void Matches_host_globs_ports_and_path_prefixes_as_upstream(string glob, string target, bool expected) =>
        Assert.Equal(expected, RegistryUrl.Matches(glob, target));

    [Theory]
    [InlineData("[a-", "abc")] // malformed glob: an error upstream, no match here
    [InlineData("bad host", "bad host")] // Go's URL parser rejects a space in a host
    [InlineData("registry.example.com:port", "registry.example.com:port")] // a port must be digits
    public void Matches_nothing_for_what_does_not_parse(string glob, string target) =>
        Assert.False(RegistryUrl.Matches(glob, target));

    [Theory]
    [InlineData("https://index.docker.io/v1/", "index.docker.io")]
    [InlineData("https://index.docker.io/v2/", "index.docker.io")]
    [InlineData("http://registry.example.com:5000", "registry.example.com:5000")]
    [InlineData("registry.example.com:5000", "registry.example.com:5000")]
    [InlineData("registry.example.com/", "registry.example.com")]
    [InlineData("registry.example.com/shop", "registry.example.com/shop")]
    [InlineData("https://registry.example.com/v1/shop", "registry.example.com/shop")]
    [InlineData("https://quay.io/v1/", "quay.io")]
    [InlineData("*.example.com", "*.example.com")]
    [InlineData("user:pw@registry.example.com/x?query#frag", "registry.example.com/x")]
    [InlineData("registry.example.com/a%20b", "registry.example.com/a b")]
    public void Keys_drop_scheme_and_v1_v2_as_the_keyring_does(string registry, string key)
    {
        Assert.True(RegistryUrl.TryGetKey(registry, out var actual));
        Assert.Equal(key, actual);
    }

    [Theory]
    [InlineData("bad host")]
    [InlineData("registry.example.com:abc")]
    [InlineData("registry.example.com/%zz")]
    [InlineData("registry\u0001.example.com")]
    public void Keys_reject_what_Go_url_Parse_rejects(string registry) =>
        Assert.False(RegistryUrl.TryGetKey(registry, out _));

    [Property(MaxTest = 500)]
    public bool Never_throws_and_a_key_matches_itself_when_it_has_no_glob(NonNull<string> registry) =>
        !RegistryUrl.TryGetKey(registry.Get, out var key)
        || key.IndexOfAny(['*', '?', '[', '\\', '%']) >= 0
        || RegistryUrl.Matches(key, key)
        || !RegistryUrl.TryGetKey(key, out _);
}
