using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Credentials;
using SecretProjection.Model;

namespace SecretProjection.Tests.Credentials;

public class DockerConfigParserTests
{
    private static IReadOnlyList<RegistryCredential> Read(Secret secret)
    {
        Assert.True(DockerConfigParser.TryRead(secret, out var entries, out var error));
        Assert.Null(error);
        return entries;
    }

    private static PullSecretError Fails(Secret secret)
    {
        Assert.True(DockerConfigParser.TryRead(secret, out var entries, out var error));
        Assert.Empty(entries);
        return Assert.IsType<PullSecretError>(error);
    }

    // TestDockerConfigJsonJSONDecode (config_test.go).
    [Fact]
    public void Reads_the_auths_of_a_dockerconfigjson_secret()
    {
        var entries = Read(PullSecrets.ConfigJson("regcred", """{"auths": {"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"}, "http://bar.example.com":{"username": "bar", "password": "baz", "email": "bar@example.com"}}}"""));
        Assert.Collection(
            entries,
            e => Assert.Equal(("http://foo.example.com", "foo.example.com", "foo", "bar", "foo@example.com", "default/regcred"), (e.Registry, e.Key, e.Username, e.Password, e.Email, e.Secret)),
            e => Assert.Equal(("http://bar.example.com", "bar.example.com", "bar", "baz", "bar@example.com"), (e.Registry, e.Key, e.Username, e.Password, e.Email)));
    }

    // TestDockerConfigJSONDecode (config_test.go): the legacy format is the bare map.
    [Fact]
    public void Reads_the_map_of_a_dockercfg_secret()
    {
        var entries = Read(PullSecrets.Cfg("legacy", """{"http://foo.example.com":{"username": "foo", "password": "bar", "email": "foo@example.com"}, "http://bar.example.com":{"username": "bar", "password": "baz", "email": "bar@example.com"}}"""));
        Assert.Equal(["foo", "bar"], entries.Select(e => e.Username));
        Assert.Equal(["bar", "baz"], entries.Select(e => e.Password));
    }

    // TestDockerConfigEntryJSONDecode (config_test.go).
    [Theory]
    [InlineData("""{"username": "foo", "password": "bar", "email": "foo@example.com"}""", "foo", "bar", "foo@example.com")] // simple case, just decode the fields
    [InlineData("""{"auth": "Zm9vOmJhcg==", "email": "foo@example.com"}""", "foo", "bar", "foo@example.com")] // auth field decodes to username & password
    [InlineData("""{"username": "foo", "password": "bar", "auth": "cGluZzpwb25n", "email": "foo@example.com"}""", "ping", "pong", "foo@example.com")] // auth field overrides username & password
    [InlineData("""{"Username": "foo", "PASSWORD": "bar", "unknown": [1, {"x": null}]}""", "foo", "bar", "")] // Go matches names case-insensitively and ignores unknown fields
    [InlineData("""{"username": "foo", "username": null, "password": "a", "password": "b"}""", "foo", "b", "")] // null leaves a field; a later duplicate wins
    [InlineData("null", "", "", "")] // a null entry is an empty entry
    public void Decodes_entries_as_Go_does(string entry, string username, string password, string email)
    {
        var e = Assert.Single(Read(PullSecrets.ConfigJson("s", """{"auths": {"registry.example.com": """ + entry + "}}")));
        Assert.Equal((username, password, email), (e.Username, e.Password, e.Email));
    }

    [Fact]
    public void Poorly_formatted_auth_fails_with_the_secret_and_field()
    {
        // TestDockerConfigEntryJSONDecode: poorly-formatted auth causes failure
        var error = Fails(PullSecrets.ConfigJson("regcred", """{"auths": {"registry.example.com": {"auth": "pants", "email": "foo@example.com"}}}"""));
        Assert.Equal(PullSecretErrorKind.BadBase64, error.Kind);
        Assert.Equal("secret \"default/regcred\": data[.dockerconfigjson].auths[registry.example.com].auth: Invalid value: illegal base64 data at input byte 4", error.ToString());
    }

    [Fact]
    public void Auth_without_a_colon_fails_with_the_secret_and_field()
    {
        var error = Fails(PullSecrets.Cfg("legacy", """{"registry.example.com": {"auth": "cGFudHM="}}"""));
        Assert.Equal(PullSecretErrorKind.AuthWithoutColon, error.Kind);
        Assert.Equal("data[.dockercfg][registry.example.com].auth", error.Error.Field);
        Assert.Equal("default/legacy", error.Secret);
    }

    // TestDockerConfigEntryJSONDecode: invalid JSON causes failure ({"email": false}), and the other type errors.
    [Theory]
    [InlineData("""{"auths": {"r": {"email": false}}}""", "data[.dockerconfigjson].auths[r].email", "json: cannot unmarshal bool into Go struct field dockerConfigEntryWithAuth.email of type string")]
    [InlineData("""{"auths": {"r": "x"}}""", "data[.dockerconfigjson].auths[r]", "json: cannot unmarshal string into Go value of type credentialprovider.dockerConfigEntryWithAuth")]
    [InlineData("""{"auths": []}""", "data[.dockerconfigjson].auths", "json: cannot unmarshal array into Go struct field DockerConfigJSON.auths of type credentialprovider.DockerConfig")]
    [InlineData("""[]""", "data[.dockerconfigjson]", "json: cannot unmarshal array into Go value of type credentialprovider.DockerConfigJSON")]
    [InlineData("""{"HttpHeaders": {"a": 1}}""", "data[.dockerconfigjson].HttpHeaders[a]", "json: cannot unmarshal number into Go struct field DockerConfigJSON.HttpHeaders of type string")]
    [InlineData("""{"auths": {"r": {"password": "s3cr3t"}""", "data[.dockerconfigjson]", "invalid JSON at line 1, byte 39")]
    [InlineData("\uFEFF{}", "data[.dockerconfigjson]", "invalid character 'ï' looking for beginning of value")]
    public void Malformed_json_fails_with_the_field_and_without_values(string json, string field, string detail)
    {
        var error = Fails(PullSecrets.ConfigJson("regcred", json));
        Assert.Equal(PullSecretErrorKind.MalformedJson, error.Kind);
        Assert.Equal((field, detail), (error.Error.Field, error.Error.Detail));
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"auths": null}""")]
    [InlineData("""{"credsStore": "desktop"}""")]
    public void Empty_configs_have_no_entries(string json) => Assert.Empty(Read(PullSecrets.ConfigJson("s", json)));

    [Fact]
    public void A_later_duplicate_registry_wins()
    {
        var entries = Read(PullSecrets.ConfigJson("s", """{"auths": {"r.io": {"username": "a"}, "q.io": {}, "r.io": {"password": "b"}}}"""));
        Assert.Equal(["r.io", "q.io"], entries.Select(e => e.Registry));
        Assert.Equal(("", "b"), (entries[0].Username, entries[0].Password));
    }

    [Theory]
    [InlineData("""{"auths": {"a.io": {}}, "Auths": {"b.io": {}}}""", new[] { "a.io", "b.io" })] // a second auths adds to the map
    [InlineData("""{"auths": {"a.io": {}}, "auths": null, "AUTHS": {"c.io": {}}}""", new[] { "c.io" })] // null empties it
    public void Repeated_auths_objects_merge_as_Go_map_decoding_does(string json, string[] registries) =>
        Assert.Equal(registries, Read(PullSecrets.ConfigJson("s", json)).Select(e => e.Registry));

    [Fact]
    public void Entries_whose_registry_does_not_parse_are_dropped()
    {
        var entries = Read(PullSecrets.ConfigJson("s", """{"auths": {"bad host": {}, "good.io": {}}}"""));
        Assert.Equal(["good.io"], entries.Select(e => e.Registry));
    }

    // Test_MakeDockerKeyring (secrets/secrets_test.go): "with .dockerconfigjson but with wrong Secret Type" and the converse.
    [Fact]
    public void Secrets_of_other_types_or_without_the_key_are_not_credential_sources()
    {
        var json = PullSecrets.ConfigJson("s", """{"auths": {"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}""");
        Assert.False(DockerConfigParser.TryRead(json with { Type = SecretTypes.DockerConfig }, out _, out _));
        var cfg = PullSecrets.Cfg("s", """{"test.registry.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}""");
        Assert.False(DockerConfigParser.TryRead(cfg with { Type = SecretTypes.DockerConfigJson }, out _, out _));
        Assert.False(DockerConfigParser.TryRead(json with { Type = SecretTypes.Opaque }, out _, out _));
        Assert.False(DockerConfigParser.TryRead(json with { Data = DataMap.Empty.With(SecretTypes.DockerConfigJsonKey, []) }, out _, out _));
    }

    [Fact]
    public void Invalid_utf8_in_values_and_names_becomes_replacement_characters_as_in_Go()
    {
        byte[] json = [.. "{\"auths\": {\"rX.io\": {\"username\": \"a"u8, 0xFF, .. "b\"}}}"u8];
        json[Array.IndexOf(json, (byte)'X')] = 0xFE;
        var secret = PullSecrets.ConfigJson("s", string.Empty) with { Data = DataMap.Empty.With(SecretTypes.DockerConfigJsonKey, json) };
        var entry = Assert.Single(Read(secret));
        Assert.Equal("a\uFFFDb", entry.Username);
        Assert.Contains('\uFFFD', entry.Registry);
    }

    [Fact]
    public void Lone_surrogate_escapes_become_replacement_characters_as_in_Go()
    {
        var entry = Assert.Single(Read(PullSecrets.ConfigJson("s", """{"auths": {"r\udc00.io": {"username": "a\ud800b", "password": "\ud800\udc00"}}}""")));
        Assert.Equal(("a\uFFFDb", "\U00010000"), (entry.Username, entry.Password));
        Assert.Equal("r\uFFFD.io", entry.Registry);
    }

    [Property(MaxTest = 300)]
    public Property Never_throws_on_arbitrary_bytes(byte[] bytes, bool legacy)
    {
        var secret = legacy ? PullSecrets.Cfg("s", string.Empty) : PullSecrets.ConfigJson("s", string.Empty);
        secret = secret with { Data = DataMap.Empty.With(legacy ? SecretTypes.DockerConfigKey : SecretTypes.DockerConfigJsonKey, bytes ?? []) };
        var applies = DockerConfigParser.TryRead(secret, out var entries, out var error);
        return (applies == (bytes is { Length: > 0 }) && (error is null || entries.Count == 0)).ToProperty();
    }

    private static readonly byte[][] JsonTokens =
    [
        .. new[] { "{", "}", "[", "]", ":", ",", "null", "1", "true", "\"auths\"", "\"r.io\"", "\"*.r.io:5000/x\"", "\"username\"", "\"auth\"", "\"Zm9vOmJhcg==\"", "\"cGFudHM=\"", "\"a\\ud800\"", "\"\\\"\"", " " }
            .Select(t => System.Text.Encoding.UTF8.GetBytes(t)),
        [0xFF],
        [0xEF, 0xBB, 0xBF],
    ];

    [Property(MaxTest = 500)]
    public Property Never_throws_on_json_like_bytes() => Prop.ForAll(
        Gen.ListOf(Gen.Elements(JsonTokens)).Select(parts => parts.SelectMany(p => p).ToArray()).ToArbitrary(),
        bytes =>
        {
            var secret = PullSecrets.ConfigJson("s", string.Empty) with { Data = DataMap.Empty.With(SecretTypes.DockerConfigJsonKey, bytes) };
            var applies = DockerConfigParser.TryRead(secret, out var entries, out var error);
            return applies == (bytes.Length > 0) && (error is null || entries.Count == 0);
        });

    [Property(MaxTest = 300)]
    public Property Never_throws_on_arbitrary_entries(string registry, string field, string value)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, Dictionary<string, string>> { [registry ?? string.Empty] = new() { [field ?? string.Empty] = value ?? string.Empty } },
        });
        DockerConfigParser.TryRead(PullSecrets.ConfigJson("s", json), out var entries, out var error);
        return (error is null || entries.Count == 0).ToProperty();
    }
}
