using System.Globalization;
using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// What an unquoted YAML scalar means for a field of a given type, by the YAML 1.1 rules of the Go YAML library
/// that <c>kubectl</c> and the API server read manifests with: <c>null</c>, <c>~</c> and nothing are null;
/// <c>0400</c> is octal; <c>yes</c>/<c>on</c> are true. A quoted scalar is always a string, so a quoted number in
/// an integer field is refused, as the API server refuses it.
/// </summary>
internal static class YamlScalars
{
    /// <summary>
    /// What an unquoted scalar is to YAML 1.1 when it is not a string: <c>a boolean</c> (<c>true</c>, <c>yes</c>,
    /// <c>on</c>, …) or <c>a number</c>; null for a string. <c>kubectl</c> sends such a value as a JSON boolean or
    /// number, which the API server refuses for a string field (<c>value: 8080</c> must be <c>value: "8080"</c>).
    /// </summary>
    public static string? NonString(in YamlEvent scalar) =>
        scalar.ScalarStyle != ScalarStyle.Plain || scalar.Tag is not null ? null // a tag (!!str) says what it is
        : TryBoolean(scalar, out _) ? "a boolean"
        : TryNumber(scalar, out _) ? "a number"
        : null;

    public static bool IsNull(in YamlEvent scalar) =>
        scalar.ScalarStyle == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    public static bool TryInteger(in YamlEvent scalar, out long value)
    {
        value = 0;
        if (scalar.ScalarStyle != ScalarStyle.Plain || scalar.Value.Length == 0)
        {
            return false;
        }

        var text = scalar.Value.Contains('_', StringComparison.Ordinal) ? scalar.Value.Replace("_", string.Empty, StringComparison.Ordinal) : scalar.Value;
        var negative = text.StartsWith('-');
        var digits = text.AsSpan(text.Length > 0 && text[0] is '-' or '+' ? 1 : 0);
        bool parsed;
        if (digits.StartsWith("0x", StringComparison.Ordinal))
        {
            parsed = ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex <= long.MaxValue && Set(out value, (long)hex);
        }
        else if (digits.StartsWith("0o", StringComparison.Ordinal) || (digits.Length > 1 && digits[0] == '0'))
        {
            parsed = TryOctal(digits[(digits[1] == 'o' ? 2 : 1)..], out value);
        }
        else
        {
            parsed = digits.Length > 0 && digits[0] is >= '0' and <= '9' && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (parsed && negative)
        {
            value = -value;
        }

        return parsed;
    }

    public static bool TryBoolean(in YamlEvent scalar, out bool value)
    {
        value = false;
        if (scalar.ScalarStyle != ScalarStyle.Plain)
        {
            return false;
        }

        switch (scalar.Value)
        {
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "y" or "Y" or "on" or "On" or "ON":
                value = true;
                return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "n" or "N" or "off" or "Off" or "OFF":
                return true;
            default:
                return false;
        }
    }

    public static bool TryNumber(in YamlEvent scalar, out double value)
    {
        value = 0;
        if (scalar.ScalarStyle != ScalarStyle.Plain)
        {
            return false;
        }

        switch (scalar.Value)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            default:
                // As Go's YAML library: only what starts as a number can be one ("Infinity" is a string).
                return scalar.Value.Length > 0 && scalar.Value[0] is (>= '0' and <= '9') or '-' or '+' or '.'
                    && ((TryInteger(scalar, out var integer) && Set(out value, integer))
                        || double.TryParse(scalar.Value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value));
        }
    }

    private static bool TryOctal(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '7' || value > long.MaxValue >> 3)
            {
                return false;
            }

            value = (value << 3) | (long)(c - '0');
        }

        return true;
    }

    private static bool Set<T>(out T target, T value)
    {
        target = value;
        return true;
    }
}
