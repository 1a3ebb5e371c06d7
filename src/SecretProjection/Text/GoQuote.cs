using System.Text;

namespace SecretProjection.Text;

/// <summary>
/// Go's <c>strconv.Quote</c>, which is what <c>fmt</c>'s <c>%q</c> does with a string: double quotes, <c>\"</c> and
/// <c>\\</c>, the C escapes <c>\a\b\f\n\r\t\v</c>, <c>\xNN</c> for other control bytes and for bytes that are not
/// UTF-8, <c>\uNNNN</c> and <c>\UNNNNNNNN</c> for other runes Go does not print, and every printable rune
/// (non-ASCII included) as it is.
/// </summary>
internal static class GoQuote
{
    private const string LowerHex = "0123456789abcdef";

    /// <summary>Quotes UTF-8 bytes as Go quotes a string holding them.</summary>
    /// <param name="utf8">The bytes; invalid UTF-8 is allowed.</param>
    /// <returns>The quoted text.</returns>
    public static string Quote(ReadOnlySpan<byte> utf8)
    {
        var builder = new StringBuilder(utf8.Length + 2).Append('"');
        while (!utf8.IsEmpty)
        {
            // Go decodes one rune at a time and escapes a single byte that does not start a valid sequence.
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                AppendByte(builder, utf8[0]);
                utf8 = utf8[1..];
                continue;
            }

            AppendRune(builder, rune.Value);
            utf8 = utf8[consumed..];
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Quotes a string as Go quotes its UTF-8 bytes. A lone surrogate stands for the three bytes of its
    /// generalized UTF-8 encoding, which Go, finding no valid rune there, escapes one by one.
    /// </summary>
    /// <param name="value">The string.</param>
    /// <returns>The quoted text.</returns>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2).Append('"');
        Append(builder, value);
        return builder.Append('"').ToString();
    }

    /// <summary>Appends the quoted form of a string, without the surrounding quotes.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="value">The string.</param>
    public static void Append(StringBuilder builder, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsSurrogate(c))
            {
                AppendRune(builder, c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                AppendRune(builder, char.ConvertToUtf32(c, value[i + 1]));
                i++;
            }
            else
            {
                AppendByte(builder, (byte)(0xE0 | (c >> 12)));
                AppendByte(builder, (byte)(0x80 | ((c >> 6) & 0x3F)));
                AppendByte(builder, (byte)(0x80 | (c & 0x3F)));
            }
        }
    }

    /// <summary>
    /// Quotes a string as Go's <c>time</c> package quotes one in its errors (<c>time.ParseDuration</c>'s: <c>time:
    /// unknown unit "d" in duration "1d"</c>), which is not <c>strconv.Quote</c>: double quotes, <c>\"</c> and
    /// <c>\\</c>, ASCII from the space up (DEL included) as it is, and every other byte of the UTF-8 text, control
    /// characters and non-ASCII runes alike, as <c>\xNN</c>. A lone surrogate stands for its three bytes, as in
    /// <see cref="Quote(string)"/>.
    /// </summary>
    /// <param name="value">The string.</param>
    /// <returns>The quoted text.</returns>
    public static string QuoteAsTime(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2).Append('"');
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= ' ' and < (char)0x80)
            {
                _ = c is '"' or '\\' ? builder.Append('\\').Append(c) : builder.Append(c);
                continue;
            }

            int length;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                length = new Rune(c, value[++i]).EncodeToUtf8(utf8);
            }
            else if (char.IsSurrogate(c))
            {
                (utf8[0], utf8[1], utf8[2], length) = ((byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F)), 3);
            }
            else
            {
                length = new Rune(c).EncodeToUtf8(utf8);
            }

            foreach (var b in utf8[..length])
            {
                AppendByte(builder, b);
            }
        }

        return builder.Append('"').ToString();
    }

    private static void AppendByte(StringBuilder builder, byte value) =>
        builder.Append('\\').Append('x').Append(LowerHex[value >> 4]).Append(LowerHex[value & 0xF]);

    private static void AppendRune(StringBuilder builder, int rune)
    {
        switch (rune)
        {
            case '"':
            case '\\':
                builder.Append('\\').Append((char)rune);
                return;
            case '\a': builder.Append("\\a"); return;
            case '\b': builder.Append("\\b"); return;
            case '\f': builder.Append("\\f"); return;
            case '\n': builder.Append("\\n"); return;
            case '\r': builder.Append("\\r"); return;
            case '\t': builder.Append("\\t"); return;
            case '\v': builder.Append("\\v"); return;
        }

        if (GoPrintable.IsPrint(rune))
        {
            builder.Append(char.ConvertFromUtf32(rune));
        }
        else if (rune < ' ' || rune == 0x7F)
        {
            AppendByte(builder, (byte)rune);
        }
        else if (rune < 0x10000)
        {
            builder.Append("\\u");
            AppendHex(builder, rune, 4);
        }
        else
        {
            builder.Append("\\U");
            AppendHex(builder, rune, 8);
        }
    }

    private static void AppendHex(StringBuilder builder, int value, int digits)
    {
        for (var shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            builder.Append(LowerHex[(value >> shift) & 0xF]);
        }
    }
}
