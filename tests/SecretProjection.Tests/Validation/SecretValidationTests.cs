using System.Text;
using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

public class SecretValidationTests
{
    private static Secret Valid(string type = SecretTypes.Opaque, params (string Key, string Value)[] data) => new()
    {
        Name = "foo",
        Namespace = "bar",
        Type = type,
        Data = DataMap.FromStrings((data.Length == 0 ? [("data-1", "bar")] : data).Select(d => KeyValuePair.Create(d.Key, d.Value))),
    };

    private static Secret WithKey(string key) => Valid() with { Data = Valid().Data.With(key, "bar"u8) };

    private static Secret ServiceAccountToken(IReadOnlyDictionary<string, string> annotations) =>
        Valid(SecretTypes.ServiceAccountToken) with { Annotations = annotations };

    // Ported from TestValidateSecret (pkg/apis/core/validation/validation_test.go).
    public static TheoryData<string, Secret, bool> TestValidateSecretCases() => new()
    {
        { "valid", Valid(), true },
        { "empty name", Valid() with { Name = string.Empty }, false },
        { "invalid name", Valid() with { Name = "NoUppercaseOrSpecialCharsLike=Equals" }, false },
        { "empty namespace", Valid() with { Namespace = string.Empty }, false },
        { "invalid namespace", Valid() with { Namespace = "NoUppercaseOrSpecialCharsLike=Equals" }, false },
        { "over max size", Valid() with { Data = DataMap.Create([KeyValuePair.Create("over", new byte[SecretTypes.MaxSize + 1])]) }, false },
        { "invalid key", WithKey("a*b"), false },
        { "valid service-account-token secret", ServiceAccountToken(new Dictionary<string, string> { [SecretTypes.ServiceAccountNameAnnotation] = "foo" }), true },
        { "empty service-account-token annotation", ServiceAccountToken(new Dictionary<string, string> { [SecretTypes.ServiceAccountNameAnnotation] = string.Empty }), false },
        { "missing service-account-token annotation", ServiceAccountToken(new Dictionary<string, string> { ["other"] = "x" }), false },
        { "missing service-account-token annotations", ServiceAccountToken(new Dictionary<string, string>()), false },
        { "leading dot key", WithKey(".key"), true },
        { "dot key", WithKey("."), false },
        { "double dot key", WithKey(".."), false },
    };

    [Theory]
    [MemberData(nameof(TestValidateSecretCases))]
    public void TestValidateSecret(string name, Secret secret, bool valid)
    {
        var errors = SecretValidation.Validate(secret);
        Assert.True(valid == (errors.Count == 0), $"{name}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void Exactly_one_MiB_of_data_is_accepted_and_one_byte_more_is_too_long()
    {
        var limit = Valid() with { Data = DataMap.Create([KeyValuePair.Create("a", new byte[SecretTypes.MaxSize - 10]), KeyValuePair.Create("b", new byte[10])]) };
        Assert.Empty(SecretValidation.Validate(limit));

        var over = limit with { Data = limit.Data.With("c", "x"u8) };
        var error = Assert.Single(SecretValidation.Validate(over));
        Assert.Equal("data: Too long: must have at most 1048576 bytes", error.ToString());
    }

    [Fact]
    public void Key_names_do_not_count_towards_the_size()
    {
        var longKeys = Valid() with { Data = DataMap.Create(Enumerable.Range(0, 4000).Select(i => KeyValuePair.Create(new string('k', 200) + i, new byte[262]))) };
        Assert.True(longKeys.Data.TotalBytes <= SecretTypes.MaxSize);
        Assert.Empty(SecretValidation.Validate(longKeys));
    }

    [Fact]
    public void Reports_a_bad_key_with_its_field_path_and_the_api_server_message()
    {
        var error = Assert.Single(SecretValidation.Validate(WithKey("bad key")));
        Assert.Equal("data[bad key]", error.Field);
        Assert.Equal(
            "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            error.ToString());
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var secret = Valid(SecretTypes.Tls) with { Name = "Bad", Data = DataMap.FromStrings([KeyValuePair.Create("..x", "1")]) };
        var fields = SecretValidation.Validate(secret).Select(e => e.Field).ToArray();
        Assert.Equal(["metadata.name", "data[..x]", "data[tls.crt]", "data[tls.key]"], fields);
    }

    // Ported from TestValidateDockerConfigSecret.
    [Theory]
    [InlineData(SecretTypes.DockerConfig, SecretTypes.DockerConfigKey)]
    [InlineData(SecretTypes.DockerConfigJson, SecretTypes.DockerConfigJsonKey)]
    public void TestValidateDockerConfigSecret(string type, string key)
    {
        Assert.Empty(SecretValidation.Validate(Valid(type, (key, """{"auths":{"https://index.docker.io/v1/":{"auth":"Zm9vOmJhcg=="}}}"""))));

        var missing = Assert.Single(SecretValidation.Validate(Valid(type, ("other", "{}"))));
        Assert.Equal($"data[{key}]: Required value", missing.ToString());

        var invalid = Assert.Single(SecretValidation.Validate(Valid(type, (key, "bad json"))));
        Assert.Equal($"data[{key}]", invalid.Field);
        Assert.StartsWith("Invalid value: \"<secret contents redacted>\": ", invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "json: cannot unmarshal array into Go value of type map[string]interface {}")]
    [InlineData("\"s\"", "json: cannot unmarshal string into Go value of type map[string]interface {}")]
    [InlineData("12", "json: cannot unmarshal number into Go value of type map[string]interface {}")]
    [InlineData("true", "json: cannot unmarshal bool into Go value of type map[string]interface {}")]
    [InlineData("", "unexpected end of JSON input")]
    [InlineData("{\"a\":", "unexpected end of JSON input")]
    [InlineData("  ", "unexpected end of JSON input")]
    [InlineData("{} {}", "invalid JSON at line 1, byte 4")]
    public void Docker_config_must_decode_as_Go_decodes_a_map(string json, string message)
    {
        var error = Assert.Single(SecretValidation.Validate(Valid(SecretTypes.DockerConfigJson, (SecretTypes.DockerConfigJsonKey, json))));
        Assert.Equal(message, error.Detail);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"auths\":{}}")]
    [InlineData(" {\"a\":1} ")]
    public void Docker_config_accepts_what_Go_accepts(string json) =>
        Assert.Empty(SecretValidation.Validate(Valid(SecretTypes.DockerConfigJson, (SecretTypes.DockerConfigJsonKey, json))));

    [Fact]
    public void Invalid_docker_config_never_quotes_the_secret()
    {
        const string marker = "SECRET-MARKER-7f3a";
        var secret = Valid(SecretTypes.DockerConfigJson, (SecretTypes.DockerConfigJsonKey, "{\"" + marker + "\" " + marker));
        var error = Assert.Single(SecretValidation.Validate(secret));
        Assert.DoesNotContain(marker, error.ToString(), StringComparison.Ordinal);
    }

    // Ported from TestValidateBasicAuthSecret.
    [Fact]
    public void TestValidateBasicAuthSecret()
    {
        Assert.Empty(SecretValidation.Validate(Valid(SecretTypes.BasicAuth, ("username", "u"), ("password", "p"))));
        Assert.Empty(SecretValidation.Validate(Valid(SecretTypes.BasicAuth, ("username", string.Empty))));
        Assert.Empty(SecretValidation.Validate(Valid(SecretTypes.BasicAuth, ("password", string.Empty))));
        var errors = SecretValidation.Validate(Valid(SecretTypes.BasicAuth, ("user", "u")));
        Assert.Equal(["data[username]: Required value", "data[password]: Required value"], errors.Select(e => e.ToString()));
    }

    // Ported from TestValidateSSHAuth.
    [Fact]
    public void TestValidateSSHAuth()
    {
        Assert.Empty(SecretValidation.Validate(Valid(SecretTypes.SshAuth, ("ssh-privatekey", "key"))));
        Assert.Equal("data[ssh-privatekey]: Required value", Assert.Single(SecretValidation.Validate(Valid(SecretTypes.SshAuth, ("ssh-privatekey", string.Empty)))).ToString());
        Assert.Single(SecretValidation.Validate(Valid(SecretTypes.SshAuth, ("other", "key"))));
    }

    [Fact]
    public void Tls_needs_both_keys_but_they_may_be_empty()
    {
        Assert.Empty(SecretValidation.Validate(Valid(SecretTypes.Tls, ("tls.crt", string.Empty), ("tls.key", string.Empty))));
        Assert.Equal("data[tls.crt]: Required value", Assert.Single(SecretValidation.Validate(Valid(SecretTypes.Tls, ("tls.key", "k")))).ToString());
    }

    [Theory]
    [InlineData("example.com/custom")]
    [InlineData(SecretTypes.BootstrapToken)]
    public void Other_types_have_no_required_keys(string type) => Assert.Empty(SecretValidation.Validate(Valid(type)));

    // Ported from TestValidateSecretUpdate (immutable cases).
    [Fact]
    public void TestValidateSecretUpdate()
    {
        var mutable = Valid();
        var immutable = mutable with { Immutable = true };
        var changedData = mutable with { Data = mutable.Data.With("data-1", "changed"u8) };

        Assert.Empty(SecretValidation.ValidateUpdate(changedData, mutable));
        Assert.Empty(SecretValidation.ValidateUpdate(immutable, mutable));
        Assert.Empty(SecretValidation.ValidateUpdate(immutable, immutable));
        Assert.Equal(
            ["immutable: Forbidden: field is immutable when `immutable` is set"],
            SecretValidation.ValidateUpdate(mutable, immutable).Select(e => e.ToString()));
        Assert.Equal(
            ["data: Forbidden: field is immutable when `immutable` is set"],
            SecretValidation.ValidateUpdate(changedData with { Immutable = true }, immutable).Select(e => e.ToString()));
        Assert.Equal(
            ["type: Invalid value: \"example.com/other\": field is immutable"],
            SecretValidation.ValidateUpdate(mutable with { Type = "example.com/other" }, mutable).Select(e => e.ToString()));
    }

    [Fact]
    public void An_update_is_also_validated_as_a_create() =>
        Assert.Equal("data[a*b]", Assert.Single(SecretValidation.ValidateUpdate(WithKey("a*b"), Valid())).Field);

    [Fact]
    public void String_data_merged_over_data_is_what_is_validated()
    {
        var data = DataMap.FromStrings([KeyValuePair.Create("k", "from-data")]).WithStringData([KeyValuePair.Create("k", "from-stringData")]);
        Assert.Equal("from-stringData", Encoding.UTF8.GetString(data["k"].Span));
    }
}
