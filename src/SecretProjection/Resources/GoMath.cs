using System.Numerics;

namespace SecretProjection.Resources;

/// <summary>Go's integer and conversion semantics where upstream's arithmetic relies on them.</summary>
internal static class GoMath
{
    /// <summary>
    /// <c>int64(f)</c> for a float64, as amd64 converts it: a value out of range, and NaN, become the most negative
    /// integer.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer.</returns>
    public static long ToInt64(double value) =>
        double.IsNaN(value) || value >= 9.2233720368547758E18 || value < -9.2233720368547758E18 ? long.MinValue : (long)value;

    /// <summary><c>big.Int.Int64()</c>: the low 64 bits of the magnitude, with the sign applied.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The integer.</returns>
    public static long Int64(BigInteger value)
    {
        var low = unchecked((long)(ulong)(BigInteger.Abs(value) & ulong.MaxValue));
        return value.Sign < 0 ? unchecked(-low) : low;
    }

    /// <summary>apimachinery's <c>int64Multiply</c>: a*b, and whether it did not overflow.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="product">The product.</param>
    /// <returns>Whether the product fits.</returns>
    public static bool Multiply(long a, long b, out long product)
    {
        if (a is 0 or 1 || b is 0 or 1)
        {
            product = unchecked(a * b);
            return true;
        }

        if (a == long.MinValue || b == long.MinValue)
        {
            product = 0;
            return false;
        }

        product = unchecked(a * b);
        return product / b == a;
    }

    /// <summary>apimachinery's <c>int64MultiplyScale</c> for a factor above one: the wrapped product and whether it fit.</summary>
    /// <param name="a">The value.</param>
    /// <param name="factor">The factor, above one.</param>
    /// <param name="fits">Whether the product fits.</param>
    /// <returns>The product, wrapped as Go's is.</returns>
    public static long MultiplyScale(long a, long factor, out bool fits)
    {
        if (a is 0 or 1)
        {
            fits = true;
            return a * factor;
        }

        if (a == long.MinValue)
        {
            fits = false;
            return 0;
        }

        var product = unchecked(a * factor);
        fits = product / factor == a;
        return product;
    }
}
