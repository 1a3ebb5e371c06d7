namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Standard base64 as Go's <c>encoding/json</c> decodes a <c>[]byte</c> field (<c>base64.StdEncoding</c>), which
/// is how the API server reads a Secret's <c>data</c>: padding is required, line breaks are skipped, anything else
/// outside the alphabet is refused, and the error names the offset of the first bad byte as Go does
/// (<c>illegal base64 data at input byte 3</c>).
/// </summary>
internal static class GoBase64
{
    private static readonly sbyte[] Values = CreateValues();

    /// <summary>Decodes <paramref name="text"/>.</summary>
    /// <param name="text">The base64 text.</param>
    /// <param name="bytes">The bytes, when the text is valid.</param>
    /// <param name="errorOffset">The offset of the first bad byte, when it is not.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryDecode(string text, out byte[] bytes, out int errorOffset)
    {
        // Every character before the first bad one is ASCII, so character offsets are byte offsets. Without
        // line breaks the length is known: one array, the size of the bytes.
        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        var exact = text.Length % 4 == 0 && !text.AsSpan().ContainsAny('\r', '\n');
        var output = new byte[exact ? (text.Length / 4 * 3) - padding : (text.Length / 4 * 3) + 3];
        var written = 0;
        var si = 0;
        Span<int> quantum = stackalloc int[4];
        bytes = [];
        while (true)
        {
            var length = 4;
            for (var j = 0; j < 4; j++)
            {
                if (si == text.Length)
                {
                    if (j == 0)
                    {
                        bytes = written == output.Length ? output : output.AsSpan(0, written).ToArray();
                        errorOffset = -1;
                        return true;
                    }

                    errorOffset = si - j; // an unpadded last quantum
                    return false;
                }

                var c = text[si++];
                var value = c < 128 ? Values[c] : -1;
                if (value >= 0)
                {
                    quantum[j] = value;
                    continue;
                }

                if (c is '\n' or '\r')
                {
                    j--;
                    continue;
                }

                if (c != '=' || j < 2)
                {
                    errorOffset = si - 1;
                    return false;
                }

                if (j == 2)
                {
                    // "==" is expected: the first '=' is read.
                    si = SkipLineBreaks(text, si);
                    if (si == text.Length)
                    {
                        errorOffset = text.Length;
                        return false;
                    }

                    if (text[si] != '=')
                    {
                        errorOffset = si - 1;
                        return false;
                    }

                    si++;
                }

                si = SkipLineBreaks(text, si);
                if (si < text.Length)
                {
                    errorOffset = si; // something after the padding
                    return false;
                }

                length = j;
                break;
            }

            var bits = (quantum[0] << 18) | (quantum[1] << 12) | (length > 2 ? quantum[2] << 6 : 0) | (length > 3 ? quantum[3] : 0);
            output[written++] = (byte)(bits >> 16);
            if (length > 2)
            {
                output[written++] = (byte)(bits >> 8);
            }

            if (length > 3)
            {
                output[written++] = (byte)bits;
            }

            if (length < 4)
            {
                bytes = written == output.Length ? output : output.AsSpan(0, written).ToArray();
                errorOffset = -1;
                return true;
            }
        }
    }

    private static int SkipLineBreaks(string text, int index)
    {
        while (index < text.Length && text[index] is '\n' or '\r')
        {
            index++;
        }

        return index;
    }

    private static sbyte[] CreateValues()
    {
        var values = new sbyte[128];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = -1; // a loop, not Array.Fill: generic code that ReadyToRun cannot precompile
        }

        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
