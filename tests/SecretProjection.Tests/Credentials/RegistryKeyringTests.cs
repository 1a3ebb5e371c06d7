using SecretProjection.Credentials;
using SecretProjection.Model;

namespace SecretProjection.Tests.Credentials;

public class RegistryKeyringTests
{
    private static RegistryKeyring Keyring(params Secret[] secrets)
    {
        var result = RegistryKeyring.Build(secrets);
        Assert.Empty(result.Errors);
        return result.Keyring;
    }

    private static string[] Users(IEnumerable<RegistryCredential> matches) => [.. matches.Select(m => m.Username)];

    // TestDockerKeyringForGlob (pkg/credentialprovider/keyring_test.go): each key finds target + "/foo/bar".
    [Theory]
    [InlineData("https://hello.kubernetes.io", "hello.kubernetes.io")]
    [InlineData("https://*.docker.io", "prefix.docker.io")]
    [InlineData("https://prefix.*.io", "prefix.docker.io")]
    [InlineData("https://prefix.docker.*", "prefix.docker.io")]
    [InlineData("https://*.docker.io/path", "prefix.docker.io/path")]
    [InlineData("https://prefix.*.io/path", "prefix.docker.io/path/subpath")]
    [InlineData("https://prefix.docker.*/path", "prefix.docker.io/path")]
    [InlineData("https://*.docker.io:8888", "prefix.docker.io:8888")]
    [InlineData("https://prefix.*.io:8888", "prefix.docker.io:8888")]
    [InlineData("https://prefix.docker.*:8888", "prefix.docker.io:8888")]
    [InlineData("https://*.docker.io/path:1111", "prefix.docker.io/path:1111")]
    [InlineData("https://*.docker.io/v1/", "prefix.docker.io/path:1111")]
    [InlineData("https://*.docker.io/v2/", "prefix.docker.io/path:1111")]
    [InlineData("https://prefix.docker.*/path:1111", "prefix.docker.io/path:1111")]
    [InlineData("prefix.docker.io:1111", "prefix.docker.io:1111/path")]
    [InlineData("*.docker.io:1111", "prefix.docker.io:1111/path")]
    public void Finds_glob_keys(string registry, string target)
    {
        var match = Keyring(PullSecrets.SampleDockerConfig(registry)).Lookup(target + "/foo/bar")[0];
        Assert.Equal(("foo", "bar", "foo@bar.baz"), (match.Username, match.Password, match.Email));
    }

    // TestKeyringMiss (keyring_test.go).
    [Theory]
    [InlineData("https://hello.kubernetes.io", "world.mesos.org/foo/bar")]
    [InlineData("https://*.docker.com", "prefix.docker.io")]
    [InlineData("https://suffix.*.io", "prefix.docker.io")]
    [InlineData("https://prefix.docker.c*", "prefix.docker.io")]
    [InlineData("https://prefix.*.io/path:1111", "prefix.docker.io/path/subpath:1111")]
    [InlineData("suffix.*.io", "prefix.docker.io")]
    public void Misses_keys_that_do_not_match(string registry, string lookup) =>
        Assert.Empty(Keyring(PullSecrets.SampleDockerConfig(registry)).Lookup(lookup + "/foo/bar"));

    // TestKeyringMissWithDockerHubCredentials (keyring_test.go).
    [Fact]
    public void Docker_Hub_credentials_do_not_serve_other_registries() =>
        Assert.Empty(Keyring(PullSecrets.SampleDockerConfig("https://index.docker.io/v1/")).Lookup("world.mesos.org/foo/bar"));

    // TestKeyringHitWithUnqualifiedDockerHub, TestKeyringHitWithUnqualifiedLibraryDockerHub and
    // TestKeyringHitWithQualifiedDockerHub (keyring_test.go), plus the normalized names the kubelet looks up.
    [Theory]
    [InlineData("google/docker-registry")]
    [InlineData("jenkins")]
    [InlineData("index.docker.io/v1//google/docker-registry")]
    [InlineData("docker.io/library/nginx")]
    [InlineData("docker.io/google/docker-registry")]
    public void Docker_Hub_credentials_serve_Docker_Hub_images(string image)
    {
        var match = Assert.Single(Keyring(PullSecrets.SampleDockerConfig("https://index.docker.io/v1/")).Lookup(image));
        Assert.Equal(("foo", "bar", "foo@bar.baz"), (match.Username, match.Password, match.Email));
    }

    // TestIsDefaultRegistryMatch (keyring_test.go).
    [Theory]
    [InlineData("foo/bar", true)]
    [InlineData("docker.io/foo/bar", true)]
    [InlineData("index.docker.io/foo/bar", true)]
    [InlineData("foo", true)]
    [InlineData("", false)]
    [InlineData("registry.tld/foo/bar", false)]
    [InlineData("registry:5000/foo/bar", false)]
    [InlineData("myhostdocker.io/foo/bar", false)]
    public void Recognizes_Docker_Hub_images(string image, bool expected) =>
        Assert.Equal(expected, RegistryKeyring.IsDefaultRegistryMatch(image));

    // TestDockerKeyringLookup (keyring_test.go): the deeper key first, then the host.
    [Theory]
    [InlineData("bar.example.com", new[] { "ada" })] // direct match
    [InlineData("bar.example.com/pong", new[] { "grace", "ada" })] // direct match deeper than other possible matches
    [InlineData("bar.example.com/ping", new[] { "ada" })] // no direct match, deeper path ignored
    [InlineData("bar.example.com/pongz", new[] { "grace", "ada" })] // match first part of path token
    [InlineData("bar.example.com/pong/pang", new[] { "grace", "ada" })] // match regardless of sub-path
    [InlineData("example.com", new string[0])] // no host match
    [InlineData("foo.example.com", new string[0])]
    public void Returns_every_matching_key_most_specific_first(string image, string[] users)
    {
        var keyring = Keyring(PullSecrets.Cfg("s", """
            {
              "bar.example.com/pong": {"username": "grace", "password": "squash", "email": "grace@example.com"},
              "bar.example.com": {"username": "ada", "password": "smash", "email": "ada@example.com"}
            }
            """));
        Assert.Equal(users, Users(keyring.Lookup(image)));
    }

    // TestIssue3797 (keyring_test.go): an entry with a scheme and /v1/ path serves the whole host.
    [Theory]
    [InlineData("quay.io")]
    [InlineData("quay.io/foo")]
    [InlineData("quay.io/foo/bar")]
    public void Scheme_and_v1_path_entries_serve_their_host(string image)
    {
        var keyring = Keyring(PullSecrets.Cfg("s", """{"https://quay.io/v1/": {"username": "rex", "password": "tiny arms", "email": "rex@example.com"}}"""));
        Assert.Equal(["rex"], Users(keyring.Lookup(image)));
    }

    // Test_MakeDockerKeyring (pkg/credentialprovider/secrets/secrets_test.go), the cases without a node keyring.
    [Theory]
    [InlineData(SecretTypes.DockerConfigJson, """{"auths": {"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}""", true)] // with .dockerconfigjson and auth field
    [InlineData(SecretTypes.DockerConfig, """{"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}""", true)] // with .dockerconfig and auth field
    [InlineData(SecretTypes.DockerConfigJson, """{"auths": {"test.registry.io": {"username": "user", "password": "password"}}}""", true)] // with .dockerconfigjson and username/password fields
    [InlineData(SecretTypes.DockerConfig, """{"test.registry.io": {"username": "user", "password": "password"}}""", true)] // with .dockerconfig and username/password fields
    [InlineData(SecretTypes.DockerConfigJson, """{"auths": {"foobar.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}""", false)] // with not matching .dockerconfigjson
    [InlineData(SecretTypes.DockerConfig, """{"foobar.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}""", false)] // with not matching .dockerconfig
    public void Builds_from_both_secret_types(string type, string json, bool found)
    {
        var secret = type == SecretTypes.DockerConfigJson ? PullSecrets.ConfigJson("s", json) : PullSecrets.Cfg("s", json);
        var matches = Keyring(secret).Lookup("test.registry.io");
        Assert.Equal(found ? [("user", "password")] : Array.Empty<(string, string)>(), matches.Select(m => (m.Username, m.Password)));
    }

    [Fact]
    public void Entries_under_one_key_keep_secret_order_and_keys_search_in_reverse_order()
    {
        var keyring = Keyring(
            PullSecrets.ConfigJson("first", """{"auths": {"registry.example.com": {"username": "one"}, "*.example.com": {"username": "glob"}}}"""),
            PullSecrets.Cfg("second", """{"https://registry.example.com/v2/": {"username": "two"}, "registry.example.com/shop": {"username": "shop"}}"""));
        Assert.Equal(["registry.example.com/shop", "registry.example.com", "*.example.com"], keyring.Keys);
        Assert.Equal(["shop", "one", "two", "glob"], Users(keyring.Lookup("registry.example.com/shop/web")));
        Assert.Equal(["first", "second"], keyring.Lookup("registry.example.com/x").Select(m => m.Secret).Distinct().Select(s => s.Split('/')[1]));
    }

    [Fact]
    public void Wildcards_cover_one_label_each_and_ports_must_match()
    {
        var keyring = Keyring(PullSecrets.ConfigJson("s", """{"auths": {"*.example.com": {"username": "one"}, "*.*.example.com": {"username": "two"}, "registry.example.com:5000": {"username": "port"}}}"""));
        Assert.Equal(["one"], Users(keyring.Lookup("registry.example.com/a")));
        Assert.Equal(["two"], Users(keyring.Lookup("a.b.example.com/a")));
        Assert.Empty(keyring.Lookup("example.com/a"));
        Assert.Equal(["port"], Users(keyring.Lookup("registry.example.com:5000/a")));
        Assert.Empty(keyring.Lookup("registry.example.com:5001/a"));
    }

    [Fact]
    public void Unreadable_secrets_are_reported_and_left_out()
    {
        var result = RegistryKeyring.Build([
            PullSecrets.ConfigJson("broken", "{"),
            PullSecrets.ConfigJson("good", """{"auths": {"registry.example.com": {"username": "u"}}}"""),
            new Secret { Name = "opaque" },
        ]);
        Assert.Equal("default/broken", Assert.Single(result.Errors).Secret);
        Assert.Equal(["u"], Users(result.Keyring.Lookup("registry.example.com/x")));
    }
}
