using System.Globalization;
using System.Text;
using SecretProjection.Text;

namespace SecretProjection.Tests.Text;

public class GoQuoteTests
{
    // Ported from Go's strconv TestQuote (src/strconv/quote_test.go, quotetests): input bytes, Quote's output.
    public static TheoryData<byte[], string> QuoteTests => new()
    {
        { "\a\b\f\r\n\t\v"u8.ToArray(), "\"\\a\\b\\f\\r\\n\\t\\v\"" },
        { "\\"u8.ToArray(), "\"\\\\\"" },
        { [.. "abc"u8, 0xff, .. "def"u8], "\"abc\\xffdef\"" },
        { "\u263a"u8.ToArray(), "\"☺\"" },
        { Encoding.UTF8.GetBytes(char.ConvertFromUtf32(0x10ffff)), "\"\\U0010ffff\"" },
        { [0x04], "\"\\x04\"" },
        { "!\u00a0!\u2000!\u3000!"u8.ToArray(), "\"!\\u00a0!\\u2000!\\u3000!\"" },
    };

    [Theory]
    [MemberData(nameof(QuoteTests))]
    public void TestQuote(byte[] input, string expected) => Assert.Equal(expected, GoQuote.Quote(input));

    // Ported from Go's strconv TestQuoteRune (quoterunetests), each rune quoted as a one-rune string: the
    // escapes are the same, only the quote character differs.
    [Theory]
    [InlineData(0x61, "\"a\"")]
    [InlineData(0x07, "\"\\a\"")]
    [InlineData(0x5c, "\"\\\\\"")]
    [InlineData(0xff, "\"ÿ\"")]
    [InlineData(0x263a, "\"☺\"")]
    [InlineData(0xfffd, "\"\ufffd\"")]
    [InlineData(0x10ffff, "\"\\U0010ffff\"")]
    [InlineData(0x04, "\"\\x04\"")]
    [InlineData(0xa0, "\"\\u00a0\"")]
    [InlineData(0x2000, "\"\\u2000\"")]
    [InlineData(0x3000, "\"\\u3000\"")]
    public void TestQuoteRune(int rune, string expected) => Assert.Equal(expected, GoQuote.Quote(char.ConvertFromUtf32(rune)));

    [Theory]
    [InlineData("\"", "\"\\\"\"")]
    [InlineData("\u007f", "\"\\x7f\"")]
    [InlineData("\u0085", "\"\\u0085\"")] // a C1 control
    [InlineData("\u00ad", "\"\\u00ad\"")] // soft hyphen: a format character
    [InlineData("\u200b", "\"\\u200b\"")] // zero width space
    [InlineData("\ufeff", "\"\\ufeff\"")] // byte order mark
    [InlineData("\ue000", "\"\\ue000\"")] // private use
    [InlineData("\u0378", "\"\\u0378\"")] // unassigned
    [InlineData("日本語", "\"日本語\"")]
    [InlineData("\U0001F600", "\"\U0001F600\"")]
    [InlineData("\U000E0001", "\"\\U000e0001\"")] // a tag: a format character above the BMP
    public void Escapes_what_Go_does_not_print(string input, string expected) => Assert.Equal(expected, GoQuote.Quote(input));

    [Fact]
    public void A_lone_surrogate_is_the_three_bytes_Go_would_have_seen()
    {
        Assert.Equal("\"a\\xed\\xa0\\x80b\"", GoQuote.Quote("a\ud800b"));
        Assert.Equal("\"\\xed\\xbf\\xbf\"", GoQuote.Quote("\udfff"));
    }

    [Theory]
    [InlineData(new byte[] { 0xe2, 0x98 }, "\"\\xe2\\x98\"")] // a truncated sequence
    [InlineData(new byte[] { 0xc0, 0xaf }, "\"\\xc0\\xaf\"")] // an overlong encoding
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 }, "\"\\xed\\xa0\\x80\"")] // an encoded surrogate
    [InlineData(new byte[] { 0xef, 0xbf, 0xbd }, "\"\ufffd\"")] // U+FFFD itself is printable
    public void Escapes_each_byte_that_is_not_UTF8(byte[] input, string expected) => Assert.Equal(expected, GoQuote.Quote(input));

    // unicode.IsPrint is L, M, N, P, S and the ASCII space by Unicode 15.0.0. The runtime's categories must agree
    // wherever both know the code point; .NET may know code points assigned after 15.0, which Go escapes.
    [Fact]
    public void The_printable_table_agrees_with_the_runtime_categories()
    {
        var disagreements = new List<int>();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
            var runtimePrintable = codePoint == ' ' || category is not (UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);
            if (runtimePrintable != GoPrintable.IsPrint(codePoint))
            {
                disagreements.Add(codePoint);
            }
        }

        // Only code points new since Unicode 15.0 may differ, and then only as assigned in the runtime.
        Assert.All(disagreements, c => Assert.False(GoPrintable.IsPrint(c), $"U+{c:X4} is printable in the table only"));
        Assert.True(disagreements.Count < 10_000, $"{disagreements.Count} disagreements");
    }

    // Go's time package quotes with its own quote(), not strconv: every byte outside ASCII's printable range is
    // \xNN. Rows of TestParseDurationErrors (src/time/time_test.go, parseDurationErrorTests) that a .NET string holds.
    [Theory]
    [InlineData("1d", "\"1d\"")]
    [InlineData("\uFFFD", "\"\\xef\\xbf\\xbd\"")]
    [InlineData("\uFFFD hello \uFFFD world", "\"\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world\"")]
    [InlineData("1é", "\"1\\xc3\\xa9\"")]
    [InlineData("a\nb\"c\\", "\"a\\x0ab\\\"c\\\\\"")]
    [InlineData("\u007f~", "\"\u007f~\"")]
    public void QuoteAsTime_is_the_time_package_quote(string input, string expected) => Assert.Equal(expected, GoQuote.QuoteAsTime(input));
}
