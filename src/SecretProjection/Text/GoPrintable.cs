namespace SecretProjection.Text;

/// <summary>
/// Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space, by Go's Unicode
/// tables rather than the runtime's, so that quoting does not change with the .NET version.
/// </summary>
internal static partial class GoPrintable
{
    /// <summary>Whether Go's <c>strconv.IsPrint</c> holds for a code point.</summary>
    /// <param name="codePoint">The code point.</param>
    /// <returns>Whether Go prints it as it is inside <c>%q</c>.</returns>
    public static bool IsPrint(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return codePoint is >= 0x20 and < 0x7F;
        }

        // Ranges holds [first, last] pairs: find the last pair that starts at or before the code point.
        int low = 0, high = (Ranges.Length / 2) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (Ranges[2 * middle] <= codePoint)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high >= 0 && codePoint <= Ranges[(2 * high) + 1];
    }
}
