using System.Globalization;
using System.Numerics;

namespace SecretProjection.Resources;

/// <summary>
/// A Kubernetes resource quantity (apimachinery <c>resource.Quantity</c>), parsed as <c>ParseQuantity</c> does and
/// read back as <c>Value</c>, <c>MilliValue</c> and <c>ScaledValue</c> do: rounded up, and overflowing as Go does.
/// </summary>
/// <remarks>
/// Like upstream, a quantity is held either as a 64-bit amount times a power of ten (the fast path the parser
/// takes for at most 18 digits) or as an arbitrary-precision decimal; the two read back differently when a value
/// does not fit 64 bits, and both ways are kept.
/// </remarks>
internal sealed class Quantity
{
    /// <summary>The regular expression upstream names in its format error.</summary>
    public const string FormatWrongMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>Upstream's message for a number it cannot read.</summary>
    public const string NumericMessage = "unable to parse numeric part of quantity";

    /// <summary>Upstream's message for an unknown suffix.</summary>
    public const string SuffixMessage = "unable to parse quantity's suffix";

    /// <summary>Our message for a quantity whose digits would not fit in memory, where upstream would try.</summary>
    public const string TooLargeMessage = "quantity has too many digits to represent";

    private const int Nano = -9;

    // A decimal of more digits than this is refused rather than expanded (1e100000 and beyond).
    private const int MaxDigits = 100_000;
    private const int MaxInt64Factors = 18;
    private static readonly BigInteger MaxInt64 = long.MaxValue;
    private static readonly BigInteger NanosPerUnit = 1_000_000_000;

    // The fast form: _amount * 10^_scale.
    private readonly long _amount;
    private readonly int _scale;

    // The decimal form, when set: _unscaled * 10^-_decimalScale (inf.Dec's convention).
    private readonly BigInteger? _unscaled;
    private readonly int _decimalScale;

    private Quantity(long amount, int scale)
    {
        _amount = amount;
        _scale = scale;
    }

    private Quantity(BigInteger unscaled, int decimalScale)
    {
        _unscaled = unscaled;
        _decimalScale = decimalScale;
    }

    /// <summary>Zero, as an unset quantity reads.</summary>
    public static Quantity Zero { get; } = new(0, 0);

    /// <summary>One, the divisor of a selector that names none.</summary>
    public static Quantity One { get; } = new(1, 0);

    /// <summary>Whether the quantity is zero.</summary>
    public bool IsZero => _unscaled is { } unscaled ? unscaled.IsZero : _amount == 0;

    /// <summary>The exact value: <c>Unscaled × 10^Exponent</c>.</summary>
    public (BigInteger Unscaled, int Exponent) Exact => _unscaled is { } unscaled ? (unscaled, -_decimalScale) : (_amount, _scale);

    /// <summary><c>Value()</c>: the value rounded up to an integer.</summary>
    public long Value => ScaledValue(0);

    /// <summary><c>MilliValue()</c>: the value in thousandths, rounded up.</summary>
    public long MilliValue => ScaledValue(-3);

    /// <summary>Parses a quantity as <c>resource.ParseQuantity</c> does.</summary>
    /// <param name="text">The text.</param>
    /// <param name="quantity">The quantity.</param>
    /// <param name="error">Upstream's message when the text is not a quantity.</param>
    /// <returns>Whether the text is a quantity.</returns>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Quantity? quantity, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        quantity = null;
        error = null;
        if (text.Length == 0)
        {
            error = FormatWrongMessage;
            return false;
        }

        if (text == "0")
        {
            quantity = Zero;
            return true;
        }

        if (!Scan(text, out var positive, out var value, out var numerator, out var denominator, out var suffix))
        {
            error = FormatWrongMessage;
            return false;
        }

        if (!Interpret(suffix, out var exponentBase, out var exponent, out var format))
        {
            error = SuffixMessage;
            return false;
        }

        int precision;
        var scale = 0;
        long mantissa = 1;
        if (format == Format.BinarySI)
        {
            if (exponent >= 0 && denominator.Length == 0)
            {
                mantissa <<= exponent;
                precision = 15 - numerator.Length - (int)((float)exponent * 3 / 10) - 1;
            }
            else
            {
                precision = -1;
            }
        }
        else
        {
            scale = exponent;
            precision = MaxInt64Factors - (numerator.Length + denominator.Length);
        }

        if (precision >= 0)
        {
            scale = unchecked(scale - denominator.Length);
            if (scale >= Nano)
            {
                if (!long.TryParse(numerator + denominator, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var shifted))
                {
                    error = NumericMessage;
                    return false;
                }

                if (GoMath.Multiply(shifted, mantissa, out var result))
                {
                    quantity = new Quantity(positive ? result : unchecked(-result), scale);
                    return true;
                }
            }
        }

        if (!TryParseDecimal(value, out var unscaled, out var decimalScale))
        {
            error = NumericMessage;
            return false;
        }

        if (exponentBase == 10)
        {
            decimalScale = unchecked(decimalScale - exponent);
        }
        else
        {
            unscaled *= BigInteger.One << exponent;
        }

        var negative = unscaled.Sign < 0;
        unscaled = BigInteger.Abs(unscaled);

        // Non-zero values round up to the nearest nanounit: asking for some resource gets some.
        if (!unscaled.IsZero)
        {
            if ((long)-Nano - decimalScale > MaxDigits)
            {
                error = TooLargeMessage;
                return false;
            }

            (unscaled, decimalScale) = (RoundUp(unscaled, decimalScale, -Nano), -Nano);
            if (format == Format.BinarySI && unscaled > MaxInt64 * NanosPerUnit)
            {
                (unscaled, decimalScale) = (MaxInt64, 0);
            }
        }

        quantity = new Quantity(negative ? -unscaled : unscaled, decimalScale);
        return true;
    }

    /// <summary>Parses a quantity, or throws as <c>resource.MustParse</c> panics.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The quantity.</returns>
    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity, out var error) ? quantity : throw new FormatException($"cannot parse '{text}': {error}");

    /// <summary><c>ScaledValue(scale)</c>: the value in units of 10^scale, rounded up; it may overflow as Go's does.</summary>
    /// <param name="scale">The power of ten of the unit.</param>
    /// <returns>The value.</returns>
    public long ScaledValue(int scale)
    {
        if (_unscaled is not { } unscaled)
        {
            return _scale < scale
                ? NegativeScale(_amount, unchecked(scale - _scale))
                : PositiveScale(_amount, unchecked(_scale - scale), out _);
        }

        if (unscaled.IsZero)
        {
            return 0;
        }

        var difference = (long)_decimalScale + scale;
        if (difference == 0)
        {
            return GoMath.Int64(unscaled);
        }

        if (difference < 0)
        {
            return unchecked(GoMath.Int64(unscaled) * GoMath.ToInt64(Math.Pow(10, -difference)));
        }

        if (BigInteger.Abs(unscaled) < MaxInt64 && difference < 19)
        {
            var small = (long)unscaled;
            var divisor = GoMath.ToInt64(Math.Pow(10, difference));
            return small % divisor != 0 ? (small / divisor) + 1 : small / divisor;
        }

        // Go's big.Int DivMod is Euclidean: for a positive divisor, the quotient is the floor.
        var power = BigInteger.Pow(10, (int)difference);
        var quotient = BigInteger.DivRem(unscaled, power, out var remainder);
        if (remainder.Sign < 0)
        {
            quotient -= 1;
            remainder += power;
        }

        return remainder.IsZero ? GoMath.Int64(quotient) : unchecked(GoMath.Int64(quotient) + 1);
    }

    // parseQuantityString: sign, numerator without leading zeros, denominator, and suffix.
    internal static bool Scan(string text, out bool positive, out string value, out string numerator, out string denominator, out string suffix)
    {
        positive = true;
        value = numerator = denominator = suffix = string.Empty;
        var position = 0;
        var end = text.Length;
        if (text[0] == '-')
        {
            positive = false;
            position++;
        }
        else if (text[0] == '+')
        {
            position++;
        }

        while (position < end && text[position] == '0')
        {
            position++;
        }

        if (position >= end)
        {
            numerator = value = "0";
            return true;
        }

        var start = position;
        while (position < end && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        numerator = text[start..position];
        if (position >= end)
        {
            value = text;
            return true;
        }

        if (numerator.Length == 0)
        {
            numerator = "0";
        }

        if (text[position] == '.')
        {
            start = ++position;
            while (position < end && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            denominator = text[start..position];
            if (position >= end)
            {
                value = text;
                return true;
            }
        }

        value = text[..position];
        var suffixStart = position;
        while (position < end && "eEinumkKMGTP".Contains(text[position], StringComparison.Ordinal))
        {
            position++;
        }

        if (position < end && text[position] is '-' or '+')
        {
            position++;
        }

        while (position < end && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        suffix = text[suffixStart..];
        return position >= end;
    }

    // The suffixer's interpret: decimal SI, binary SI, then a decimal exponent.
    private static bool Interpret(string suffix, out int exponentBase, out int exponent, out Format format)
    {
        (exponentBase, exponent, format) = suffix switch
        {
            "" => (10, 0, Format.DecimalSI),
            "n" => (10, -9, Format.DecimalSI),
            "u" => (10, -6, Format.DecimalSI),
            "m" => (10, -3, Format.DecimalSI),
            "k" => (10, 3, Format.DecimalSI),
            "M" => (10, 6, Format.DecimalSI),
            "G" => (10, 9, Format.DecimalSI),
            "T" => (10, 12, Format.DecimalSI),
            "P" => (10, 15, Format.DecimalSI),
            "E" => (10, 18, Format.DecimalSI),
            "Ki" => (2, 10, Format.BinarySI),
            "Mi" => (2, 20, Format.BinarySI),
            "Gi" => (2, 30, Format.BinarySI),
            "Ti" => (2, 40, Format.BinarySI),
            "Pi" => (2, 50, Format.BinarySI),
            "Ei" => (2, 60, Format.BinarySI),
            _ => (0, 0, Format.DecimalExponent),
        };
        if (exponentBase != 0)
        {
            return true;
        }

        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && long.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            (exponentBase, exponent) = (10, unchecked((int)parsed));
            return true;
        }

        return false;
    }

    // inf.Dec's SetString: an optional sign, digits with at most one point; at least one digit.
    private static bool TryParseDecimal(string text, out BigInteger unscaled, out int scale)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        var digits = new System.Text.StringBuilder(text.Length);
        var point = -1;
        var sign = string.Empty;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '+' or '-' && i == 0)
            {
                sign = c == '-' ? "-" : string.Empty;
            }
            else if (c == '.' && point < 0)
            {
                point = digits.Length;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else
            {
                return false;
            }
        }

        if (digits.Length == 0)
        {
            return false;
        }

        scale = point < 0 ? 0 : digits.Length - point;
        unscaled = BigInteger.Parse(sign + digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return true;
    }

    // inf.Dec's Round(x, scale, RoundUp) of a non-negative value: away from zero.
    private static BigInteger RoundUp(BigInteger unscaled, int fromScale, int toScale)
    {
        if (fromScale <= toScale)
        {
            return unscaled * BigInteger.Pow(10, toScale - fromScale);
        }

        // Past its bit length, a power of ten exceeds the value: the quotient is 0, and rounding up makes it 1.
        if ((long)fromScale - toScale > unscaled.GetBitLength())
        {
            return BigInteger.One;
        }

        var quotient = BigInteger.DivRem(unscaled, BigInteger.Pow(10, fromScale - toScale), out var remainder);
        return remainder.IsZero ? quotient : quotient + 1;
    }

    // positiveScaleInt64: base * 10^scale, and whether it fit; the value on overflow is Go's.
    private static long PositiveScale(long value, int scale, out bool fits)
    {
        fits = true;
        switch (scale)
        {
            case 0:
                return value;
            case 1:
                return GoMath.MultiplyScale(value, 10, out fits);
            case 2:
                return GoMath.MultiplyScale(value, 100, out fits);
            case 3:
                return GoMath.MultiplyScale(value, 1000, out fits);
            case 6:
                return GoMath.MultiplyScale(value, 1_000_000, out fits);
            case 9:
                return GoMath.MultiplyScale(value, 1_000_000_000, out fits);
        }

        for (var i = 0; i < scale; i++)
        {
            value = GoMath.MultiplyScale(value, 10, out fits);
            if (!fits)
            {
                return 0;
            }
        }

        return value;
    }

    // negativeScaleInt64: value / 10^scale, rounded away from zero.
    private static long NegativeScale(long value, int scale)
    {
        if (scale == 0)
        {
            return value;
        }

        var original = value;
        var fraction = false;
        for (var i = 0; i < scale; i++)
        {
            fraction |= value % 10 != 0;
            value /= 10;
            if (value == 0)
            {
                return !fraction ? 0 : original > 0 ? 1 : -1;
            }
        }

        return !fraction ? value : original > 0 ? value + 1 : value - 1;
    }

    private enum Format
    {
        DecimalExponent,
        BinarySI,
        DecimalSI,
    }
}
