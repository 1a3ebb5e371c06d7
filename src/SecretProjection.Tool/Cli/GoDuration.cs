using System.Globalization;
using System.Text;
using SecretProjection.Text;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// Durations written as Go writes them (<c>time.ParseDuration</c>, which the kubelet's flags use): a sign, then
/// one or more decimal numbers each with a unit, <c>ns</c>, <c>us</c> (or <c>µs</c>), <c>ms</c>, <c>s</c>,
/// <c>m</c>, <c>h</c>: <c>60s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>; <c>0</c> alone needs no unit.
/// </summary>
/// <remarks>
/// Go counts in nanoseconds up to 2^63-1; a <see cref="TimeSpan"/> counts 100 ns ticks, so the value is rounded
/// toward zero to a tick. The error messages are Go's.
/// </remarks>
internal static class GoDuration
{
    private const ulong MaxMagnitude = 1UL << 63; // the magnitude of Go's smallest Duration

    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1_000,
        ["µs"] = 1_000, // U+00B5 micro sign
        ["μs"] = 1_000, // U+03BC Greek small letter mu
        ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000,
        ["m"] = 60_000_000_000,
        ["h"] = 3_600_000_000_000,
    };

    /// <summary>Reads a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration, rounded toward zero to a 100 ns tick.</param>
    /// <param name="error">Go's message when the text is not a duration: <c>time: missing unit in duration "60"</c>.</param>
    /// <returns>Whether the text is a duration.</returns>
    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (Nanoseconds(text, out error) is not { } nanoseconds)
        {
            return false;
        }

        value = TimeSpan.FromTicks(nanoseconds / 100);
        return true;
    }

    /// <summary>Writes a duration as Go's <c>Duration.String</c> does: <c>1m0s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5s</c>.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            text.Append('-');
        }

        // 100 ns ticks; the magnitude of TimeSpan.MinValue still fits an unsigned long.
        var ticks = value.Ticks == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(value.Ticks);
        if (ticks < TimeSpan.TicksPerSecond)
        {
            // Below a second Go picks the largest unit that keeps a digit before the point.
            if (ticks < 10)
            {
                return text.Append((ticks * 100).ToString(CultureInfo.InvariantCulture)).Append("ns").ToString();
            }

            var (unit, perUnit) = ticks < TimeSpan.TicksPerMillisecond ? ("µs", 10UL) : ("ms", (ulong)TimeSpan.TicksPerMillisecond);
            return text.Append(Decimal(ticks, perUnit)).Append(unit).ToString();
        }

        var hours = ticks / (ulong)TimeSpan.TicksPerHour;
        var minutes = ticks / (ulong)TimeSpan.TicksPerMinute % 60;
        var seconds = ticks % (ulong)TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return text.Append(Decimal(seconds, (ulong)TimeSpan.TicksPerSecond)).Append('s').ToString();
    }

    /// <summary>The duration in nanoseconds, or <see langword="null"/> with Go's message.</summary>
    private static long? Nanoseconds(string text, out string? error)
    {
        error = null;
        var rest = text.AsSpan();
        var negative = false;
        if (!rest.IsEmpty && rest[0] is '-' or '+')
        {
            negative = rest[0] == '-';
            rest = rest[1..];
        }

        if (rest is "0")
        {
            return 0;
        }

        if (rest.IsEmpty)
        {
            return Invalid(text, out error);
        }

        ulong total = 0;
        while (!rest.IsEmpty)
        {
            if (rest[0] != '.' && !char.IsAsciiDigit(rest[0]))
            {
                return Invalid(text, out error);
            }

            var digits = LeadingDigits(rest);
            if (!WholeNumber(rest[..digits], out var whole))
            {
                return Invalid(text, out error);
            }

            rest = rest[digits..];
            var hasFraction = false;
            ulong fraction = 0;
            double scale = 1;
            if (!rest.IsEmpty && rest[0] == '.')
            {
                rest = rest[1..];
                var fractionDigits = LeadingDigits(rest);
                (fraction, scale) = Fraction(rest[..fractionDigits]);
                hasFraction = fractionDigits > 0;
                rest = rest[fractionDigits..];
            }

            if (digits == 0 && !hasFraction)
            {
                return Invalid(text, out error); // "." or ".s"
            }

            var unitLength = 0;
            while (unitLength < rest.Length && rest[unitLength] != '.' && !char.IsAsciiDigit(rest[unitLength]))
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                error = $"time: missing unit in duration {Quote(text)}";
                return null;
            }

            var unitName = rest[..unitLength].ToString();
            rest = rest[unitLength..];
            if (!Units.TryGetValue(unitName, out var unit))
            {
                error = $"time: unknown unit {Quote(unitName)} in duration {Quote(text)}";
                return null;
            }

            if (whole > MaxMagnitude / unit)
            {
                return Invalid(text, out error);
            }

            var term = whole * unit;
            if (fraction > 0)
            {
                // As Go: a double keeps fractions of an hour exact to the nanosecond.
                term += (ulong)(fraction * (unit / scale));
                if (term > MaxMagnitude)
                {
                    return Invalid(text, out error);
                }
            }

            total += term;
            if (total > MaxMagnitude)
            {
                return Invalid(text, out error);
            }
        }

        if (negative)
        {
            return total == MaxMagnitude ? long.MinValue : -(long)total;
        }

        return total > long.MaxValue ? Invalid(text, out error) : (long)total;
    }

    private static int LeadingDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (count < text.Length && char.IsAsciiDigit(text[count]))
        {
            count++;
        }

        return count;
    }

    /// <summary>The digits before a point; more than 2^63 does not fit.</summary>
    private static bool WholeNumber(ReadOnlySpan<char> digits, out ulong value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (value > MaxMagnitude / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(digit - '0');
            if (value > MaxMagnitude)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The digits after a point and the power of ten they are over; digits beyond what fits are dropped.</summary>
    private static (ulong Value, double Scale) Fraction(ReadOnlySpan<char> digits)
    {
        ulong value = 0;
        double scale = 1;
        foreach (var digit in digits)
        {
            if (value > long.MaxValue / 10)
            {
                break;
            }

            var next = (value * 10) + (ulong)(digit - '0');
            if (next > MaxMagnitude)
            {
                break;
            }

            value = next;
            scale *= 10;
        }

        return (value, scale);
    }

    private static long? Invalid(string text, out string? error)
    {
        error = $"time: invalid duration {Quote(text)}";
        return null;
    }

    /// <summary><paramref name="ticks"/> over <paramref name="perUnit"/> as a decimal without trailing zeros.</summary>
    private static string Decimal(ulong ticks, ulong perUnit)
    {
        var whole = (ticks / perUnit).ToString(CultureInfo.InvariantCulture);
        var remainder = ticks % perUnit;
        if (remainder == 0)
        {
            return whole;
        }

        var width = (int)Math.Log10(perUnit);
        return whole + "." + remainder.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0').TrimEnd('0');
    }

    private static string Quote(string text) => GoQuote.QuoteAsTime(text);
}
