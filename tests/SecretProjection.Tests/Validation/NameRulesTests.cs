using FsCheck.Xunit;
using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

public class NameRulesTests
{
    // Ported from TestIsDNS1123Label (apimachinery pkg/util/validation/validation_test.go).
    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("a1")]
    [InlineData("a-1")]
    [InlineData("a--1--2--b")]
    [InlineData("0")]
    [InlineData("01")]
    [InlineData("012")]
    [InlineData("1a")]
    [InlineData("1-a")]
    [InlineData("1--a--b--2")]
    public void TestIsDNS1123Label_good(string value) => Assert.Empty(NameRules.Dns1123Label(value));

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("ABC")]
    [InlineData("aBc")]
    [InlineData("A1")]
    [InlineData("A-1")]
    [InlineData("1-A")]
    [InlineData("-")]
    [InlineData("a-")]
    [InlineData("-a")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("_")]
    [InlineData("a_")]
    [InlineData("_a")]
    [InlineData("a_b")]
    [InlineData("1_")]
    [InlineData("_1")]
    [InlineData("1_2")]
    [InlineData(".")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a.b")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1.2")]
    [InlineData(" ")]
    [InlineData("a ")]
    [InlineData(" a")]
    [InlineData("a b")]
    [InlineData("1 ")]
    [InlineData(" 1")]
    [InlineData("1 2")]
    [InlineData("a\n")]
    public void TestIsDNS1123Label_bad(string value) => Assert.NotEmpty(NameRules.Dns1123Label(value));

    [Fact]
    public void TestIsDNS1123Label_length()
    {
        Assert.Empty(NameRules.Dns1123Label(new string('a', 63)));
        Assert.Equal("must be no more than 63 characters", Assert.Single(NameRules.Dns1123Label(new string('a', 64))));
    }

    // Ported from TestIsDNS1123Subdomain.
    [Theory]
    [InlineData("a")]
    [InlineData("a--1--2--b")]
    [InlineData("1--a--b--2")]
    [InlineData("a.a")]
    [InlineData("ab.a")]
    [InlineData("abc.a")]
    [InlineData("a1.a")]
    [InlineData("a-1.a")]
    [InlineData("a--1--2--b.a")]
    [InlineData("a.1")]
    [InlineData("ab.1")]
    [InlineData("a--1--2--b.1")]
    [InlineData("0.a")]
    [InlineData("01.a")]
    [InlineData("1-a.a")]
    [InlineData("0.1")]
    [InlineData("1--a--b--2.1")]
    [InlineData("a.b.c.d.e")]
    [InlineData("aa.bb.cc.dd.ee")]
    [InlineData("1.2.3.4.5")]
    [InlineData("11.22.33.44.55")]
    public void TestIsDNS1123Subdomain_good(string value) => Assert.Empty(NameRules.Dns1123Subdomain(value));

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("aBc")]
    [InlineData("-")]
    [InlineData("a-")]
    [InlineData("-a")]
    [InlineData("_")]
    [InlineData("a_b")]
    [InlineData(".")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a..b")]
    [InlineData("1..2")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("A.a")]
    [InlineData("aB.a")]
    [InlineData("ab.A")]
    [InlineData("0.A")]
    [InlineData("A.B.C.D.E")]
    [InlineData("a.B.c.d.e")]
    [InlineData("a@b")]
    [InlineData("a,b")]
    [InlineData("a;b")]
    [InlineData("a:b")]
    [InlineData("a%b")]
    [InlineData("a?b")]
    [InlineData("a$b")]
    public void TestIsDNS1123Subdomain_bad(string value) => Assert.NotEmpty(NameRules.Dns1123Subdomain(value));

    [Fact]
    public void TestIsDNS1123Subdomain_length()
    {
        Assert.Empty(NameRules.Dns1123Subdomain(new string('a', 253)));
        Assert.Contains("must be no more than 253 characters", NameRules.Dns1123Subdomain(new string('a', 254)));
    }

    // Ported from TestIsConfigMapKey.
    [Theory]
    [InlineData("a")]
    [InlineData("good")]
    [InlineData("good-good")]
    [InlineData("still.good")]
    [InlineData("this.is.also.good")]
    [InlineData(".so.is.this")]
    [InlineData("THIS_IS_GOOD")]
    [InlineData("so_is_this_17")]
    public void TestIsConfigMapKey_good(string key) => Assert.Empty(NameRules.ConfigMapKey(key));

    [Theory]
    [InlineData(".", "must not be '.'")]
    [InlineData("..", "must not be '..'")]
    [InlineData("..bad", "must not start with '..'")]
    [InlineData("b*d", null)]
    [InlineData("bad!&bad", null)]
    public void TestIsConfigMapKey_bad(string key, string? message)
    {
        var errors = NameRules.ConfigMapKey(key);
        Assert.NotEmpty(errors);
        if (message is not null)
        {
            Assert.Contains(message, errors);
        }
    }

    [Fact]
    public void Config_key_length_counts_utf8_bytes_as_go_does()
    {
        Assert.Empty(NameRules.ConfigMapKey(new string('k', 253)));
        Assert.Contains("must be no more than 253 characters", NameRules.ConfigMapKey(new string('k', 254)));

        // 127 two-byte characters are 254 bytes: too long for Go, though only 127 .NET chars.
        Assert.Contains("must be no more than 253 characters", NameRules.ConfigMapKey(new string('\u00e9', 127)));
    }

    // Ported from TestIsEnvVarName (the strict rule).
    [Theory]
    [InlineData("A")]
    [InlineData("ABC")]
    [InlineData("AbC_123")]
    [InlineData("_123")]
    [InlineData("_")]
    [InlineData("a-b")]
    [InlineData("my.env-name")]
    [InlineData("MY_ENV.NAME")]
    [InlineData("MyEnvName1")]
    [InlineData("-dash-first")]
    [InlineData(".dot-first")]
    public void Strict_env_names_good(string name) => Assert.Empty(NameRules.EnvVarName(name));

    [Theory]
    [InlineData("")]
    [InlineData("1badkey")]
    [InlineData("123")]
    [InlineData("a b")]
    [InlineData("a=b")]
    [InlineData("$x")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("..x")]
    public void Strict_env_names_bad(string name) => Assert.NotEmpty(NameRules.EnvVarName(name));

    [Fact]
    public void Strict_env_name_message_is_apimachinery_s() =>
        Assert.Equal(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
            Assert.Single(NameRules.EnvVarName("1badkey")));

    // Ported from TestIsRelaxedEnvVarName.
    [Theory]
    [InlineData("1badkey")]
    [InlineData("a b")]
    [InlineData("!\"#$%&'()*+,-./:;<>?@[\\]^_`{|}~")]
    [InlineData(" ")]
    public void Relaxed_env_names_good(string name) => Assert.Empty(NameRules.RelaxedEnvVarName(name));

    [Theory]
    [InlineData("a=b", NameRules.RelaxedEnvVarNameMessage)]
    [InlineData("caf\u00e9", NameRules.RelaxedEnvVarNameMessage)]
    [InlineData("tab\there", NameRules.RelaxedEnvVarNameMessage)]
    [InlineData("del\u007f", NameRules.RelaxedEnvVarNameMessage)]
    [InlineData("", "environment variable name must be non-empty")]
    public void Relaxed_env_names_bad(string name, string message) => Assert.Equal(message, Assert.Single(NameRules.RelaxedEnvVarName(name)));

    [Property]
    public bool Relaxed_names_accept_exactly_printable_ascii_without_equals(char[] chars)
    {
        var name = new string(chars ?? []);
        var expected = name.Length > 0 && name.All(c => c is >= ' ' and <= '~' && c != '=');
        return expected == (NameRules.RelaxedEnvVarName(name).Count == 0);
    }

    [Property]
    public bool Every_strict_name_is_also_a_relaxed_name(string name) =>
        name is null || NameRules.EnvVarName(name).Count > 0 || NameRules.RelaxedEnvVarName(name).Count == 0;
}
