using System.Globalization;

namespace SecretProjection.Model;

/// <summary>
/// A resourceVersion as the model and the reflectors keep it: one in the API server's form (a decimal number without
/// sign or leading zeros) as the number, instead of a string; anything else as the string it is. A resourceVersion
/// is opaque, so the string comes back exactly: only the form that formats back to the same string is stored as a
/// number, which also makes equal strings equal values. Comparisons allocate nothing: the managers make them on every
/// event and fetch.
/// </summary>
internal readonly struct CompactResourceVersion : IEquatable<CompactResourceVersion>
{
    // The number plus one (0: not held as a number), so the default value is "no resourceVersion".
    private readonly ulong _numberPlusOne;
    private readonly string? _text;

    private CompactResourceVersion(ulong numberPlusOne, string? text)
    {
        _numberPlusOne = numberPlusOne;
        _text = text;
    }

    /// <summary>Stores <paramref name="resourceVersion"/>.</summary>
    public static CompactResourceVersion From(string? resourceVersion) =>
        TryParseCanonical(resourceVersion, out var number) ? new CompactResourceVersion(number + 1, null) : new CompactResourceVersion(0, resourceVersion);

    /// <summary>A resourceVersion held as <paramref name="number"/> (one <see cref="TryParseCanonical"/> read, below <see cref="ulong.MaxValue"/>).</summary>
    internal static CompactResourceVersion FromNumber(ulong number) => new(number + 1, null);

    /// <summary>Whether there is a resourceVersion.</summary>
    public bool HasValue => _numberPlusOne != 0 || _text is not null;

    /// <summary>Whether the resourceVersion is held as a number (for tests).</summary>
    internal bool IsCompact => _numberPlusOne != 0;

    /// <summary>
    /// The resourceVersion as the API server's versioner reads it: an unsigned integer, an unreadable one (or none) as 0.
    /// </summary>
    public ulong VersionerValue =>
        _numberPlusOne != 0 ? _numberPlusOne - 1
        : ulong.TryParse(_text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>Upstream's <c>isObjectOlder</c>: whether this resourceVersion is older than <paramref name="current"/>.</summary>
    public bool IsOlderThan(CompactResourceVersion current) => VersionerValue < current.VersionerValue;

    /// <summary>The resourceVersion, as it was given (a new string when it is held as a number).</summary>
    public override string? ToString() =>
        _numberPlusOne != 0 ? (_numberPlusOne - 1).ToString(CultureInfo.InvariantCulture) : _text;

    public bool Equals(CompactResourceVersion other) =>
        _numberPlusOne == other._numberPlusOne && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CompactResourceVersion other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_numberPlusOne, _text is null ? 0 : string.GetHashCode(_text, StringComparison.Ordinal));

    /// <summary>
    /// Whether <paramref name="text"/> is exactly what formatting a number gives: ASCII digits, no sign, no leading zero
    /// (but "0"), below <see cref="ulong.MaxValue"/> (kept free for the "plus one").
    /// </summary>
    internal static bool TryParseCanonical(string? text, out ulong number)
    {
        number = 0;
        if (string.IsNullOrEmpty(text) || (text[0] == '0' && text.Length > 1))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number < ulong.MaxValue;
    }
}
