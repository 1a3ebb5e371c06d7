namespace SecretProjection.Model;

/// <summary>
/// An object's uid as a model keeps it: a uid in the API server's form (a lowercase
/// <see cref="Guid.ToString(string)"/> <c>"D"</c> string, 36 characters) as its 16 bytes, instead of a 96-byte string;
/// anything else as the string it is. A uid is opaque, so the string comes back exactly: only the form that formats
/// back to the same string is stored as a <see cref="Guid"/>, which also makes equal strings equal values.
/// </summary>
internal readonly struct CompactUid : IEquatable<CompactUid>
{
    // Marks a uid held in _guid; null means no uid; any other string is the uid itself.
    private static readonly string InGuid = new('g', 1);

    private readonly Guid _guid;
    private readonly string? _text;

    private CompactUid(Guid guid, string? text)
    {
        _guid = guid;
        _text = text;
    }

    /// <summary>Stores <paramref name="uid"/>.</summary>
    public static CompactUid From(string? uid) =>
        TryParseCanonical(uid, out var guid) ? new CompactUid(guid, InGuid) : new CompactUid(default, uid);

    /// <summary>Whether the uid is held as a <see cref="Guid"/> (for tests).</summary>
    internal bool IsCompact => ReferenceEquals(_text, InGuid);

    /// <summary>The uid, as it was given (a new string when it is held as a <see cref="Guid"/>).</summary>
    public override string? ToString() => IsCompact ? _guid.ToString("D") : _text;

    public bool Equals(CompactUid other) => _guid == other._guid && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CompactUid other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_guid, _text is null ? 0 : string.GetHashCode(_text, StringComparison.Ordinal));

    /// <summary>Whether <paramref name="uid"/> is exactly what <c>Guid.ToString("D")</c> makes: 8-4-4-4-12 lowercase hex digits.</summary>
    private static bool TryParseCanonical(string? uid, out Guid guid)
    {
        guid = default;
        if (uid is not { Length: 36 })
        {
            return false;
        }

        for (var i = 0; i < uid.Length; i++)
        {
            var c = uid[i];
            var ok = i is 8 or 13 or 18 or 23 ? c == '-' : char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
            if (!ok)
            {
                return false;
            }
        }

        return Guid.TryParseExact(uid, "D", out guid);
    }
}
