using System.Globalization;
using FsCheck.Xunit;
using SecretProjection.Model;

namespace SecretProjection.Tests.Model;

public class CompactResourceVersionTests
{
    [Property]
    public bool Any_string_comes_back_exactly(string? resourceVersion) =>
        CompactResourceVersion.From(resourceVersion).ToString() == resourceVersion;

    [Property]
    public bool A_number_in_the_api_servers_form_comes_back_exactly_and_is_kept_as_a_number(ulong number)
    {
        var text = number.ToString(CultureInfo.InvariantCulture);
        var kept = CompactResourceVersion.From(text);
        return kept.ToString() == text && kept.IsCompact == (number != ulong.MaxValue) && kept.VersionerValue == number;
    }

    [Property]
    public bool Equal_strings_are_equal_values_and_only_they(string? a, string? b)
    {
        var (x, y) = (CompactResourceVersion.From(a), CompactResourceVersion.From(b));
        var equal = x.Equals(y);
        return equal == string.Equals(a, b, StringComparison.Ordinal) && (!equal || x.GetHashCode() == y.GetHashCode());
    }

    [Property]
    public bool Equal_numbers_are_equal_values_and_only_they(ulong a, ulong b)
    {
        var (x, y) = (CompactResourceVersion.From(a.ToString(CultureInfo.InvariantCulture)), CompactResourceVersion.From(b.ToString(CultureInfo.InvariantCulture)));
        return x.Equals(y) == (a == b) && x.IsOlderThan(y) == (a < b);
    }

    [Property]
    public bool Only_what_formats_back_to_itself_is_kept_as_a_number(string? text) =>
        CompactResourceVersion.From(text).IsCompact
        == (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n != ulong.MaxValue && n.ToString(CultureInfo.InvariantCulture) == text);

    [Property]
    public bool Compares_as_the_api_servers_versioner_whatever_the_form(string? a, string? b) =>
        CompactResourceVersion.From(a).IsOlderThan(CompactResourceVersion.From(b)) == (Versioner(a) < Versioner(b));

    [Theory]
    [InlineData("007", 7)]
    [InlineData("00", 0)]
    [InlineData("-1", 0)]
    [InlineData("+1", 0)]
    [InlineData(" 1", 0)]
    [InlineData("1 ", 0)]
    [InlineData("1.0", 0)]
    [InlineData("1e3", 0)]
    [InlineData("١٢", 0)]
    [InlineData("18446744073709551616", 0)]
    [InlineData("99999999999999999999999", 0)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("", 0)]
    [InlineData("abc", 0)]
    public void Other_forms_are_kept_as_the_string_they_are(string text, ulong versioner)
    {
        var kept = CompactResourceVersion.From(text);
        Assert.False(kept.IsCompact);
        Assert.True(kept.HasValue);
        Assert.Equal(text, kept.ToString());
        Assert.Equal(versioner, kept.VersionerValue);
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("7", 7UL)]
    [InlineData("1234567", 1234567UL)]
    [InlineData("18446744073709551614", 18446744073709551614UL)]
    public void The_api_servers_form_is_kept_as_a_number(string text, ulong number)
    {
        var kept = CompactResourceVersion.From(text);
        Assert.True(kept.IsCompact);
        Assert.Equal(text, kept.ToString());
        Assert.Equal(number, kept.VersionerValue);
    }

    [Fact]
    public void A_leading_zero_is_not_the_number_it_reads_as()
    {
        Assert.NotEqual(CompactResourceVersion.From("7"), CompactResourceVersion.From("007"));
        Assert.False(CompactResourceVersion.From("7").IsOlderThan(CompactResourceVersion.From("007")));
        Assert.False(CompactResourceVersion.From("007").IsOlderThan(CompactResourceVersion.From("7")));
    }

    [Fact]
    public void No_resource_version_is_the_default_and_comes_back_as_null()
    {
        var none = CompactResourceVersion.From(null);
        Assert.Null(none.ToString());
        Assert.False(none.HasValue);
        Assert.Equal(default, none);
        Assert.NotEqual(none, CompactResourceVersion.From(string.Empty));
        Assert.NotEqual(none, CompactResourceVersion.From("0"));
        Assert.Equal(0UL, none.VersionerValue);
    }

    [Fact]
    public void A_config_map_gives_back_its_resource_version_and_compares_by_it()
    {
        var configMap = new ConfigMap { Name = "c", ResourceVersion = "12" };
        Assert.Equal("12", configMap.ResourceVersion);
        Assert.Equal(configMap, new ConfigMap { Name = "c", ResourceVersion = new string("12") });
        Assert.NotEqual(configMap, configMap with { ResourceVersion = "012" });
        Assert.Equal("012", (configMap with { ResourceVersion = "012" }).ResourceVersion);
        Assert.Null((configMap with { ResourceVersion = null }).ResourceVersion);
    }

    private static ulong Versioner(string? text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
