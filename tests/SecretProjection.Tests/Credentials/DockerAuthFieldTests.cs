using SecretProjection.Credentials;

namespace SecretProjection.Tests.Credentials;

public class DockerAuthFieldTests
{
    // TestDecodeDockerConfigFieldAuth (pkg/credentialprovider/config_test.go).
    [Theory]
    [InlineData("Zm9vOmJhcg==", "foo", "bar")] // auth field decodes to username & password
    [InlineData("Zm9vOmJhcg", "foo", "bar")] // unpadded base64 is decoded too
    [InlineData("Zm9vOmJh\r\ncg==", "foo", "bar")] // line breaks are skipped
    [InlineData("dXNlcjpwYXNzd29yZA==", "user", "password")]
    [InlineData("dTpwOnE=", "u", "p:q")] // the first colon splits
    public void Decodes_user_and_password(string field, string username, string password)
    {
        Assert.Null(DockerAuthField.TryDecode(field, out var u, out var p, out _));
        Assert.Equal(username, u);
        Assert.Equal(password, p);
    }

    [Fact]
    public void Good_base64_without_a_colon_is_an_error()
    {
        // good base64 data, but no colon separating username & password
        Assert.Equal(PullSecretErrorKind.AuthWithoutColon, DockerAuthField.TryDecode("cGFudHM=", out var u, out var p, out var error));
        Assert.Equal("unable to parse auth field, must be formatted as base64(username:password)", error);
        Assert.Equal(string.Empty, u + p);
    }

    [Theory]
    [InlineData("pants", 4)] // bad base64 data
    [InlineData("Zm9v!mJhcg==", 4)]
    [InlineData("Zm9vOmJhcg=", 11)] // one '=' where two are needed
    [InlineData("Zm9vOmJhcg===", 12)]
    [InlineData("Zm9v=mJh", 4)] // padding in the middle
    [InlineData("Zm9vOmJhcg== ", 12)] // trailing space: the padded alphabet has no space
    [InlineData("YQ=x=", 2)] // a second '=' expected: Go names the byte before the wrong one
    [InlineData("a=", 1)] // padding after a single symbol
    [InlineData("Zm9vO\nmJhc", 9)] // a lone last symbol, line break skipped
    public void Bad_base64_names_the_offending_byte(string field, int offset)
    {
        Assert.Equal(PullSecretErrorKind.BadBase64, DockerAuthField.TryDecode(field, out _, out _, out var error));
        Assert.Equal($"illegal base64 data at input byte {offset}", error);
    }
}
