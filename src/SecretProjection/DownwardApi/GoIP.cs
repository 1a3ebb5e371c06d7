using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SecretProjection.DownwardApi;

/// <summary>
/// k8s.io/utils/net's <c>IsIPv4String</c> and <c>IsIPv6String</c>: Go's <c>ParseIP</c> (dotted quads with
/// leading zeros allowed, IPv6 without zones), then the family of the result; an IPv4-mapped IPv6 address counts
/// as IPv4.
/// </summary>
internal static class GoIP
{
    /// <summary>Whether the text is an IPv4 address.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it parses and is IPv4.</returns>
    public static bool IsIPv4(string text) => Parse(text) is { } address && (address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6);

    /// <summary>Whether the text is an IPv6 address.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it parses and is IPv6.</returns>
    public static bool IsIPv6(string text) => Parse(text) is { } address && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6;

    private static IPAddress? Parse(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // .NET accepts zones, brackets and ports that Go's ParseIP refuses.
            return text.AsSpan().IndexOfAny("%[]/ ") < 0 && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length == 0 || !part.All(char.IsAsciiDigit) || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return null;
            }

            bytes[i] = (byte)value;
        }

        return new IPAddress(bytes);
    }
}
