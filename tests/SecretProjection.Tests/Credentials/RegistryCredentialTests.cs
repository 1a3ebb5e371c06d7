using SecretProjection.Credentials;

namespace SecretProjection.Tests.Credentials;

public class RegistryCredentialTests
{
    [Fact]
    public void Printing_never_shows_the_user_name_or_the_password()
    {
        var credential = new RegistryCredential { Registry = "r.io", Key = "r.io", Username = "ada", Password = "s3cr3t-pw", Secret = "default/regcred" };
        var text = credential.ToString();
        Assert.DoesNotContain("s3cr3t-pw", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ada", text, StringComparison.Ordinal); // from inside the secret's value, as the password
        Assert.Contains("r.io", text, StringComparison.Ordinal);
        Assert.Contains("redacted", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-pw", $"{credential}", StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-pw", new[] { credential }.Aggregate(string.Empty, (a, c) => a + c), StringComparison.Ordinal);
    }
}
