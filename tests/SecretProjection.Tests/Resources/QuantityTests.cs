using System.Numerics;
using SecretProjection.Resources;

namespace SecretProjection.Tests.Resources;

public class QuantityTests
{
    private static BigInteger Nanos(Quantity quantity)
    {
        var (unscaled, exponent) = quantity.Exact;
        return exponent >= -9 ? unscaled * BigInteger.Pow(10, exponent + 9) : unscaled / BigInteger.Pow(10, -9 - exponent);
    }

    private static BigInteger Nanos(long value, int exponent) =>
        exponent >= -9 ? value * BigInteger.Pow(10, exponent + 9) : value / BigInteger.Pow(10, -9 - exponent);

    // Ported from TestQuantityParse (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity_test.go): each
    // input and its exact value, value × 10^exponent; as there, also with a leading '-' and a leading '+'.
    [Theory]
    [InlineData("0", 0, 0)]
    [InlineData("0n", 0, 0)]
    [InlineData("0u", 0, 0)]
    [InlineData("0m", 0, 0)]
    [InlineData("0Ki", 0, 0)]
    [InlineData("0k", 0, 0)]
    [InlineData("0Mi", 0, 0)]
    [InlineData("0M", 0, 0)]
    [InlineData("0Gi", 0, 0)]
    [InlineData("0G", 0, 0)]
    [InlineData("0Ti", 0, 0)]
    [InlineData("0T", 0, 0)]
    [InlineData("1", 1, 0)]
    [InlineData("1Ki", 1024, 0)]
    [InlineData("8Ki", 8 * 1024, 0)]
    [InlineData("7Mi", 7 * 1024 * 1024, 0)]
    [InlineData("6Gi", 6L * 1024 * 1024 * 1024, 0)]
    [InlineData("5Ti", 5L * 1024 * 1024 * 1024 * 1024, 0)]
    [InlineData("4Pi", 4L * 1024 * 1024 * 1024 * 1024 * 1024, 0)]
    [InlineData("3Ei", 3L * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0)]
    [InlineData("10Ti", 10L * 1024 * 1024 * 1024 * 1024, 0)]
    [InlineData("100Ti", 100L * 1024 * 1024 * 1024 * 1024, 0)]
    [InlineData("5n", 5, -9)]
    [InlineData("4u", 4, -6)]
    [InlineData("3m", 3, -3)]
    [InlineData("9", 9, 0)]
    [InlineData("8k", 8, 3)]
    [InlineData("50k", 5, 4)]
    [InlineData("7M", 7, 6)]
    [InlineData("6G", 6, 9)]
    [InlineData("5T", 5, 12)]
    [InlineData("40T", 4, 13)]
    [InlineData("300T", 3, 14)]
    [InlineData("2P", 2, 15)]
    [InlineData("1E", 1, 18)]
    [InlineData("1E-3", 1, -3)]
    [InlineData("1e3", 1, 3)]
    [InlineData("1E6", 1, 6)]
    [InlineData("1e9", 1, 9)]
    [InlineData("1E12", 1, 12)]
    [InlineData("1e15", 1, 15)]
    [InlineData("1E18", 1, 18)]
    [InlineData("1e14", 1, 14)]
    [InlineData("1e13", 1, 13)]
    [InlineData("100.035k", 100035, 0)]
    [InlineData("0.001", 1, -3)]
    [InlineData("0.0005k", 5, -1)]
    [InlineData("0.005", 5, -3)]
    [InlineData("0.05", 5, -2)]
    [InlineData("0.5", 5, -1)]
    [InlineData("0.00050k", 5, -1)]
    [InlineData("0.00500", 5, -3)]
    [InlineData("0.05000", 5, -2)]
    [InlineData("0.50000", 5, -1)]
    [InlineData("0.5e0", 5, -1)]
    [InlineData("0.5e-1", 5, -2)]
    [InlineData("0.5e-2", 5, -3)]
    [InlineData("10.035M", 10035, 3)]
    [InlineData("1.2e3", 12, 2)]
    [InlineData("1.3E+6", 13, 5)]
    [InlineData("1.40e9", 14, 8)]
    [InlineData("1.53E12", 153, 10)]
    [InlineData("1.6e15", 16, 14)]
    [InlineData("1.7E18", 17, 17)]
    [InlineData("9.01", 901, -2)]
    [InlineData("8.1k", 81, 2)]
    [InlineData("7.123456M", 7123456, 0)]
    [InlineData("6.987654321G", 6987654321, 0)]
    [InlineData("5.444T", 5444, 9)]
    [InlineData("40.1T", 401, 11)]
    [InlineData("300.2T", 3002, 11)]
    [InlineData("2.5P", 25, 14)]
    [InlineData("1.01E", 101, 16)]
    [InlineData("3.001n", 4, -9)]
    [InlineData("1.1E-9", 2, -9)]
    [InlineData("0.0000000001", 1, -9)]
    [InlineData("0.0000000005", 1, -9)]
    [InlineData("0.00000000050", 1, -9)]
    [InlineData("0.5e-9", 1, -9)]
    [InlineData("0.9n", 1, -9)]
    [InlineData("0.00000012345", 124, -9)]
    [InlineData("0.00000012354", 124, -9)]
    [InlineData("9Ei", long.MaxValue, 0)]
    [InlineData("9223372036854775807Ki", long.MaxValue, 0)]
    [InlineData("12E", 12, 18)]
    [InlineData("100.035Ki", 10243584, -2)]
    [InlineData("0.5Mi", 512 * 1024, 0)]
    [InlineData("0.05Gi", 536870912, -1)]
    [InlineData("0.025Ti", 274877906944, -1)]
    [InlineData("0.000000000001Ki", 2, -9)]
    [InlineData(".001", 1, -3)]
    [InlineData(".0001k", 100, -3)]
    [InlineData("1.", 1, 0)]
    [InlineData("1.G", 1, 9)]
    public void TestQuantityParse(string input, long value, int exponent)
    {
        Assert.Equal(Nanos(value, exponent), Nanos(Quantity.Parse(input)));
        Assert.Equal(-Nanos(value, exponent), Nanos(Quantity.Parse("-" + input)));
        Assert.Equal(Nanos(value, exponent), Nanos(Quantity.Parse("+" + input)));
    }

    // Ported from TestQuantityParse's invalid list, with upstream's messages.
    [Theory]
    [InlineData("", Quantity.FormatWrongMessage)]
    [InlineData("1.1.M", Quantity.FormatWrongMessage)]
    [InlineData("1+1.0M", Quantity.FormatWrongMessage)]
    [InlineData("0.1mi", Quantity.SuffixMessage)]
    [InlineData("0.1am", Quantity.FormatWrongMessage)]
    [InlineData("aoeu", Quantity.FormatWrongMessage)]
    [InlineData(".5i", Quantity.SuffixMessage)]
    [InlineData("1i", Quantity.SuffixMessage)]
    [InlineData("-3.01i", Quantity.SuffixMessage)]
    [InlineData("-3.01e-", Quantity.SuffixMessage)]
    [InlineData(" 1", Quantity.FormatWrongMessage)]
    [InlineData("1 ", Quantity.FormatWrongMessage)]
    [InlineData("Non-Numeric", Quantity.FormatWrongMessage)]
    [InlineData(".e-10", Quantity.NumericMessage)]
    public void Rejects_what_ParseQuantity_rejects(string input, string message)
    {
        Assert.False(Quantity.TryParse(input, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void MustParse_names_the_text_in_its_error()
    {
        var error = Assert.Throws<FormatException>(() => Quantity.Parse("1i"));
        Assert.Equal("cannot parse '1i': unable to parse quantity's suffix", error.Message);
    }

    // Ported from TestParseQuantityString.
    [Theory]
    [InlineData("0.025Ti", true, "0.025", "0", "025", "Ti")]
    [InlineData("1.025Ti", true, "1.025", "1", "025", "Ti")]
    [InlineData("-1.025Ti", false, "-1.025", "1", "025", "Ti")]
    [InlineData(".", true, ".", "0", "", "")]
    [InlineData("-.", false, "-.", "0", "", "")]
    [InlineData("1E-3", true, "1", "1", "", "E-3")]
    public void TestParseQuantityString(string input, bool positive, string value, string numerator, string denominator, string suffix)
    {
        Assert.True(Quantity.Scan(input, out var p, out var v, out var n, out var d, out var s));
        Assert.Equal((positive, value, numerator, denominator, suffix), (p, v, n, d, s));
    }

    // Ported from TestNewSet and TestMilliNewSet: the canonical strings read back as Value and MilliValue.
    [Theory]
    [InlineData("1", 1)]
    [InlineData("1k", 1000)]
    [InlineData("1234k", 1234000)]
    [InlineData("1Ki", 1024)]
    [InlineData("1e6", 1000000)]
    [InlineData("1Mi", 1024 * 1024)]
    public void TestNewSet(string text, long value) => Assert.Equal(value, Quantity.Parse(text).Value);

    [Theory]
    [InlineData("1m", 1)]
    [InlineData("1", 1000)]
    [InlineData("1234", 1234000)]
    [InlineData("1e3", 1000000)]
    public void TestMilliNewSet(string text, long milli) => Assert.Equal(milli, Quantity.Parse(text).MilliValue);

    // Ported from TestScaledValue and TestNewScaledSet: 1 at one scale, read at another, rounded up.
    [Theory]
    [InlineData("1n", -9, 1)]
    [InlineData("1n", -6, 1)]
    [InlineData("1n", -3, 1)]
    [InlineData("1n", 0, 1)]
    [InlineData("1u", -9, 1000)]
    [InlineData("1u", -6, 1)]
    [InlineData("1u", -3, 1)]
    [InlineData("1u", 0, 1)]
    [InlineData("1m", -9, 1000 * 1000)]
    [InlineData("1m", -6, 1000)]
    [InlineData("1m", -3, 1)]
    [InlineData("1m", 0, 1)]
    [InlineData("1", -9, 1000 * 1000 * 1000)]
    [InlineData("1", -6, 1000 * 1000)]
    [InlineData("1", -3, 1000)]
    [InlineData("1", 0, 1)]
    [InlineData("100", -2, 100 * 100)]
    public void TestScaledValue(string text, int scale, long expected) => Assert.Equal(expected, Quantity.Parse(text).ScaledValue(scale));

    [Theory]
    [InlineData("100m", 1, 100)]
    [InlineData("1.5", 2, 1500)]
    [InlineData("1Gi", 1073741824, 1073741824000)]
    [InlineData("0.5Ki", 512, 512000)]
    [InlineData("1.5Ki", 1536, 1536000)]
    [InlineData("0.1n", 1, 1)]
    [InlineData("1.000000001", 2, 1001)]
    public void Value_and_MilliValue_round_up(string text, long value, long milli)
    {
        var quantity = Quantity.Parse(text);
        Assert.Equal(value, quantity.Value);
        Assert.Equal(milli, quantity.MilliValue);
    }

    [Fact]
    public void A_value_of_more_than_18_digits_takes_the_decimal_path_and_rounds_up() =>
        Assert.Equal(12345678901234568, Quantity.Parse("12345678901234567890m").Value);

    // Negative quantities (which validation refuses in resources) round as Go's code does: away from zero on the
    // 64-bit path, and "+1 when inexact" on the decimal path, so -1.5n reads as 1.
    [Theory]
    [InlineData("-1500m", -2)]
    [InlineData("-1.5Ki", -1536)]
    [InlineData("-1.5n", 1)]
    public void Negative_values_read_as_Go_reads_them(string text, long value) => Assert.Equal(value, Quantity.Parse(text).Value);

    // What Go's int64 arithmetic does with values past 2^63: the fast path's overflow reads as 0 or wraps, the
    // decimal path keeps the low 64 bits. Upstream documents both as "could overflow"; these pin Go's results.
    [Theory]
    [InlineData("1e19", 0)] // 1 × 10^19 on the fast path: positiveScaleInt64 overflows to 0
    [InlineData("9E", 9_000_000_000_000_000_000)]
    [InlineData("10E", 0)]
    [InlineData("9Ei", long.MaxValue)] // binary SI is capped at 2^63-1
    public void Values_past_int64_read_as_Go_reads_them(string text, long value) => Assert.Equal(value, Quantity.Parse(text).Value);

    [Fact]
    public void MilliValue_of_a_capped_binary_quantity_wraps_as_Go_does() =>
        Assert.Equal(unchecked(long.MaxValue * 1000), Quantity.Parse("9Ei").MilliValue);

    [Fact]
    public void Zero_and_unset_read_as_zero()
    {
        Assert.True(Quantity.Parse("0").IsZero);
        Assert.True(Quantity.Parse("0.0000000000000000000").IsZero);
        Assert.True(Quantity.Parse("-0").IsZero);
        Assert.True(Quantity.Zero.IsZero);
        Assert.Equal(0, Quantity.Parse("0.0000000000000000000e25").Value);
    }

    [Fact]
    public void Refuses_a_decimal_too_long_to_represent_instead_of_expanding_it()
    {
        Assert.False(Quantity.TryParse("1234567890123456789012e2000000000", out _, out var error));
        Assert.Equal(Quantity.TooLargeMessage, error);
        Assert.Equal(1, Quantity.Parse("1.5e-2000000000").Value);
    }
}
