using System.Globalization;
using System.Text;

namespace SecretProjection.Credentials;

/// <summary>
/// Decodes the <c>auth</c> field of a docker config entry, <c>base64(user:password)</c>, as the kubelet does
/// (<c>decodeDockerConfigFieldAuth</c> in <c>pkg/credentialprovider/config.go</c>): padded standard base64
/// when the trimmed field ends with <c>=</c>, unpadded otherwise; line breaks are ignored; the text splits
/// at its first colon.
/// </summary>
internal static class DockerAuthField
{
    /// <summary>The kubelet's message for decoded text without a colon.</summary>
    public const string NoColonMessage = "unable to parse auth field, must be formatted as base64(username:password)";

    /// <summary>Decodes the field.</summary>
    /// <param name="field">The field (non-empty).</param>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="error">Why it failed: never holds the field's value.</param>
    /// <returns>The outcome kind, or <see langword="null"/> on success.</returns>
    public static PullSecretErrorKind? TryDecode(string field, out string username, out string password, out string error)
    {
        username = password = error = string.Empty;
        var padded = field.Trim().EndsWith('=');
        if (!TryDecodeBase64(field, padded, out var bytes, out var badOffset))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"illegal base64 data at input byte {badOffset}");
            return PullSecretErrorKind.BadBase64;
        }

        var colon = Array.IndexOf(bytes, (byte)':');
        if (colon < 0)
        {
            error = NoColonMessage;
            return PullSecretErrorKind.AuthWithoutColon;
        }

        username = Encoding.UTF8.GetString(bytes, 0, colon);
        password = Encoding.UTF8.GetString(bytes, colon + 1, bytes.Length - colon - 1);
        return null;
    }

    /// <summary>Go's <c>base64.StdEncoding</c> (padded) or <c>RawStdEncoding</c> (unpadded), not strict: CR and LF skipped.</summary>
    internal static bool TryDecodeBase64(string text, bool padded, out byte[] bytes, out int badOffset)
    {
        bytes = [];
        badOffset = 0;
        var output = new List<byte>(text.Length * 3 / 4);
        var quantum = new int[4];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                // Padding: only with the padded alphabet, only after two or three symbols, and only at the end.
                if (!padded || count < 2)
                {
                    badOffset = i;
                    return false;
                }

                var needed = 4 - count;
                var j = i;
                for (var k = 0; k < needed; k++)
                {
                    while (j < text.Length && text[j] is '\r' or '\n')
                    {
                        j++;
                    }

                    if (j >= text.Length || text[j] != '=')
                    {
                        // Go's offsets: the end when padding runs short, else the byte before the wrong one.
                        badOffset = j >= text.Length ? text.Length : j - 1;
                        return false;
                    }

                    j++;
                }

                while (j < text.Length && text[j] is '\r' or '\n')
                {
                    j++;
                }

                if (j < text.Length)
                {
                    badOffset = j;
                    return false;
                }

                Flush(output, quantum, count);
                bytes = [.. output];
                return true;
            }

            var value = Symbol(c);
            if (value < 0)
            {
                badOffset = i;
                return false;
            }

            quantum[count++] = value;
            if (count == 4)
            {
                Flush(output, quantum, 4);
                count = 0;
            }
        }

        if (count != 0 && (padded || count == 1))
        {
            // A padded text must end on a full quantum; an unpadded one cannot end on a lone symbol.
            badOffset = text.Length - count;
            return false;
        }

        Flush(output, quantum, count);
        bytes = [.. output];
        return true;
    }

    private static void Flush(List<byte> output, int[] q, int count)
    {
        if (count >= 2)
        {
            output.Add((byte)((q[0] << 2) | (q[1] >> 4)));
        }

        if (count >= 3)
        {
            output.Add((byte)((q[1] << 4) | (q[2] >> 2)));
        }

        if (count == 4)
        {
            output.Add((byte)((q[2] << 6) | q[3]));
        }
    }

    private static int Symbol(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
