namespace SecretProjection.Text;

/// <summary>
/// Go's string order: by UTF-8 bytes. It differs from ordinal UTF-16 order only where a supplementary character
/// meets one in U+E000–U+FFFF.
/// </summary>
internal sealed class Utf8Order : IComparer<string>
{
    /// <summary>The comparer.</summary>
    public static Utf8Order Instance { get; } = new();

    private Utf8Order()
    {
    }

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                // Surrogates (D800–DFFF) encode code points above every BMP character, including E000–FFFF.
                return Weight(a).CompareTo(Weight(b));
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    private static int Weight(char c) => char.IsSurrogate(c) ? c + 0x2000 : c >= 0xE000 ? c - 0x800 : c;
}
