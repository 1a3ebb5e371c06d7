using System.Text;
using System.Text.Unicode;

namespace SecretProjection.Credentials;

/// <summary>
/// Brings JSON text to what .NET's reader accepts where Go's decoder is lenient: Go turns invalid UTF-8 and
/// lone UTF-16 surrogate escapes (<c>\ud800</c>) inside strings into U+FFFD, .NET refuses them.
/// </summary>
internal static class GoJsonText
{
    private static readonly byte[] Replacement = "\\ufffd"u8.ToArray();

    /// <summary>The text with invalid UTF-8 and lone surrogate escapes replaced by U+FFFD.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The same memory when nothing needs replacing.</returns>
    public static ReadOnlyMemory<byte> Normalize(ReadOnlyMemory<byte> json)
    {
        // Outside strings invalid UTF-8 is a syntax error either way, so replacing it everywhere is safe.
        if (!Utf8.IsValid(json.Span))
        {
            json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json.Span));
        }

        return json.Span.IndexOf("\\u"u8) < 0 ? json : ReplaceLoneSurrogates(json.Span);
    }

    private static byte[] ReplaceLoneSurrogates(ReadOnlySpan<byte> json)
    {
        var output = new List<byte>(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (b == '"')
            {
                inString = !inString;
            }
            else if (inString && b == '\\' && i + 1 < json.Length)
            {
                if (json[i + 1] == 'u' && TryHex(json, i + 2, out var unit) && unit is >= 0xD800 and <= 0xDFFF)
                {
                    if (unit <= 0xDBFF && i + 11 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                        && TryHex(json, i + 8, out var low) && low is >= 0xDC00 and <= 0xDFFF)
                    {
                        output.AddRange(json.Slice(i, 12));
                        i += 11;
                    }
                    else
                    {
                        output.AddRange(Replacement);
                        i += 5;
                    }

                    continue;
                }

                // Any other escape: copy both bytes so that an escaped quote does not end the string.
                output.Add(b);
                output.Add(json[++i]);
                continue;
            }

            output.Add(b);
        }

        return [.. output];
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int start, out int value)
    {
        value = 0;
        if (start + 4 > json.Length)
        {
            return false;
        }

        for (var k = start; k < start + 4; k++)
        {
            var digit = HexValue(json[k]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
