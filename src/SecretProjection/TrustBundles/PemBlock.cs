using System.Text;

namespace SecretProjection.TrustBundles;

/// <summary>A PEM block as Go's <c>encoding/pem</c> reads and writes it: a type, headers, and the decoded bytes.</summary>
/// <param name="Type">The type from the <c>BEGIN</c> line (<c>CERTIFICATE</c>).</param>
/// <param name="Headers">The <c>Key: Value</c> headers.</param>
/// <param name="Bytes">The base64-decoded contents.</param>
internal sealed record PemBlock(string Type, IReadOnlyDictionary<string, string> Headers, byte[] Bytes)
{
    private const string BeginPrefix = "-----BEGIN ";
    private const string EndPrefix = "\n-----END ";
    private const string Dashes = "-----";

    /// <summary>
    /// <c>pem.Decode</c>: the next well-formed block in the text and what follows it, or <see langword="null"/> when
    /// there is none. Text between blocks, and blocks whose end line or base64 is wrong, are skipped.
    /// </summary>
    /// <param name="data">The text.</param>
    /// <param name="rest">What follows the block; all of <paramref name="data"/> when there is none.</param>
    /// <returns>The block.</returns>
    public static PemBlock? Decode(string data, out string rest)
    {
        ArgumentNullException.ThrowIfNull(data);
        var remaining = data;
        var endTrailerIndex = 0;
        while (true)
        {
            remaining = remaining[endTrailerIndex..];

            // The first END line, then the last BEGIN before it, which skips BEGIN lines with no END.
            var endIndex = remaining.IndexOf(EndPrefix, StringComparison.Ordinal);
            if (endIndex < 0)
            {
                rest = data;
                return null;
            }

            endTrailerIndex = endIndex + EndPrefix.Length;
            var beginIndex = remaining.AsSpan(0, endIndex).LastIndexOf(BeginPrefix, StringComparison.Ordinal);
            if (beginIndex < 0 || (beginIndex > 0 && remaining[beginIndex - 1] != '\n'))
            {
                continue;
            }

            var skipped = beginIndex + BeginPrefix.Length;
            remaining = remaining[skipped..];
            endIndex -= skipped;
            endTrailerIndex -= skipped;

            var (typeLine, afterType, consumed) = GetLine(remaining);
            remaining = afterType;
            if (!typeLine.EndsWith(Dashes, StringComparison.Ordinal))
            {
                continue;
            }

            endIndex -= consumed;
            endTrailerIndex -= consumed;
            var type = typeLine[..^Dashes.Length];

            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            var truncated = false;
            while (true)
            {
                if (remaining.Length == 0)
                {
                    truncated = true;
                    break;
                }

                var (line, next, lineLength) = GetLine(remaining);
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    break;
                }

                headers[TrimSpace(line[..colon])] = TrimSpace(line[(colon + 1)..]);
                remaining = next;
                endIndex -= lineLength;
                endTrailerIndex -= lineLength;
            }

            if (truncated)
            {
                rest = data;
                return null;
            }

            // With headers there must be a newline between them and the END line.
            if (headers.Count > 0 && endIndex < 0)
            {
                continue;
            }

            // After the END line's dashes: the same type, five dashes, then only whitespace.
            var endTrailer = remaining[endTrailerIndex..];
            var endTrailerLength = type.Length + Dashes.Length;
            if (endTrailer.Length < endTrailerLength)
            {
                continue;
            }

            var restOfEndLine = endTrailer[endTrailerLength..];
            endTrailer = endTrailer[..endTrailerLength];
            if (!endTrailer.StartsWith(type, StringComparison.Ordinal) || !endTrailer.EndsWith(Dashes, StringComparison.Ordinal))
            {
                continue;
            }

            if (GetLine(restOfEndLine).Line.Length != 0)
            {
                continue;
            }

            var bytes = Array.Empty<byte>();
            if (endIndex > 0)
            {
                if (DecodeBase64(remaining[..endIndex]) is not { } decoded)
                {
                    continue;
                }

                bytes = decoded;
            }

            // endIndex - 1: an empty block matches the END line without its leading newline.
            rest = GetLine(remaining[(endIndex + EndPrefix.Length - 1)..]).Remainder;
            return new PemBlock(type, headers, bytes);
        }
    }

    /// <summary>Every block of a text, in order (<c>pem.Decode</c> until it finds none).</summary>
    /// <param name="data">The text.</param>
    /// <returns>The blocks.</returns>
    public static IEnumerable<PemBlock> DecodeAll(string data)
    {
        var rest = data;
        while (Decode(rest, out rest) is { } block)
        {
            yield return block;
        }
    }

    /// <summary><c>pem.EncodeToMemory</c> of a block without headers: base64 in lines of 64 characters.</summary>
    /// <param name="type">The type.</param>
    /// <param name="bytes">The contents.</param>
    /// <returns>The block's text, ending in a newline.</returns>
    public static string Encode(string type, ReadOnlySpan<byte> bytes)
    {
        var base64 = Convert.ToBase64String(bytes);
        var builder = new StringBuilder(base64.Length + (base64.Length / 64) + (2 * type.Length) + 40)
            .Append(BeginPrefix).Append(type).Append(Dashes).Append('\n');
        for (var i = 0; i < base64.Length; i += 64)
        {
            builder.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return builder.Append(EndPrefix, 1, EndPrefix.Length - 1).Append(type).Append(Dashes).Append('\n').ToString();
    }

    // getLine: the first \n- or \r\n-ended line without trailing spaces and tabs, the rest, and how much was read.
    private static (string Line, string Remainder, int Consumed) GetLine(string data)
    {
        var newline = data.IndexOf('\n', StringComparison.Ordinal);
        int end, next;
        if (newline < 0)
        {
            end = next = data.Length;
        }
        else
        {
            next = newline + 1;
            end = newline > 0 && data[newline - 1] == '\r' ? newline - 1 : newline;
        }

        return (data[..end].TrimEnd(' ', '\t'), data[next..], next);
    }

    // bytes.TrimSpace: ASCII white space (and Unicode's, for non-ASCII text).
    private static string TrimSpace(string value) => value.Trim();

    // base64.StdEncoding.Decode after removing spaces and tabs: it skips \r and \n, and wants padding.
    private static byte[]? DecodeBase64(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is not (' ' or '\t' or '\r' or '\n'))
            {
                builder.Append(c);
            }
        }

        if (builder.Length % 4 != 0)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(builder.ToString());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
