using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

/// <summary>
/// FsCheck properties: the name rules matched by hand accept exactly what apimachinery's regular expressions accept
/// (written here as apimachinery writes them, anchored with <c>\z</c> as Go's <c>$</c> behaves).
/// </summary>
public class NameRulesProperties
{
    private const string Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    private static readonly Regex Dns1123Label = new("^" + Label + "\\z", RegexOptions.CultureInvariant);
    private static readonly Regex Dns1123Subdomain = new("^" + Label + "(\\." + Label + ")*\\z", RegexOptions.CultureInvariant);
    private static readonly Regex ConfigMapKey = new("^[-._a-zA-Z0-9]+\\z", RegexOptions.CultureInvariant);

    /// <summary>Short strings of the characters that matter to the rules, and a few that break them.</summary>
    public static Arbitrary<string> Names() =>
        Gen.Frequency(
                (6, Gen.Elements("ab09-.".ToCharArray())),
                (1, Gen.Elements("zZA_\n é\u0130K".ToCharArray())))
            .ArrayOf()
            .Select(cs => new string(cs))
            .ToArbitrary();

    [Property(Arbitrary = [typeof(NameRulesProperties)], MaxTest = 2000)]
    public bool A_dns1123_label_is_what_the_regular_expression_matches(string value) =>
        NameRules.IsDns1123Label(value) == Dns1123Label.IsMatch(value);

    [Property(Arbitrary = [typeof(NameRulesProperties)], MaxTest = 2000)]
    public bool A_dns1123_subdomain_is_what_the_regular_expression_matches(string value) =>
        NameRules.IsDns1123Subdomain(value) == Dns1123Subdomain.IsMatch(value);

    [Property(Arbitrary = [typeof(NameRulesProperties)], MaxTest = 2000)]
    public bool A_config_map_key_is_what_the_regular_expression_matches(string value) =>
        NameRules.IsConfigMapKey(value) == ConfigMapKey.IsMatch(value);

    [Theory]
    [InlineData("a", true)]
    [InlineData("a.b-c.d0", true)]
    [InlineData("a..b", false)]
    [InlineData(".a", false)]
    [InlineData("a.", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a\n", false)]
    [InlineData("", false)]
    public void Subdomains_at_the_edges(string value, bool valid)
    {
        Assert.Equal(valid, NameRules.IsDns1123Subdomain(value));
        Assert.Equal(valid, Dns1123Subdomain.IsMatch(value));
    }
}
