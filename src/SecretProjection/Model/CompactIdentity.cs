namespace SecretProjection.Model;

/// <summary>
/// A Secret's uid and resourceVersion in 32 bytes, where the strings take 128. Both are opaque strings that must come
/// back exactly, so only the forms that format back to the same string are kept compact: a uid as the API server makes
/// it (a lowercase <c>Guid.ToString("D")</c>) as its 16 bytes, a resourceVersion as the API server makes it (see
/// <see cref="CompactResourceVersion"/>) as a number; anything else as the string it is, in one reference for both
/// (the API server's forms leave it empty). That also makes equal strings equal values.
/// </summary>
internal readonly struct CompactIdentity : IEquatable<CompactIdentity>
{
    // _bits: whether the uid is _guid; whether the uid is a string in _text; and the resourceVersion plus one when it is
    // held as a number (0: none, or a string in _text). _text: the one string kept, or { uid, resourceVersion } for two.
    private const ulong UidInGuid = 1UL << 63;
    private const ulong UidInText = 1UL << 62;
    private const ulong NumberMask = UidInText - 1;

    private readonly Guid _guid;
    private readonly ulong _bits;
    private readonly object? _text;

    private CompactIdentity(Guid guid, ulong bits, object? text)
    {
        _guid = guid;
        _bits = bits;
        _text = text;
    }

    /// <summary>The uid (a new string when it is held as a <see cref="Guid"/>).</summary>
    public string? Uid => (_bits & UidInGuid) != 0 ? _guid.ToString("D") : (_bits & UidInText) == 0 ? null : _text as string ?? ((string[])_text!)[0];

    /// <summary>The resourceVersion, compared without a string.</summary>
    public CompactResourceVersion ResourceVersion =>
        (_bits & NumberMask) != 0 ? CompactResourceVersion.FromNumber((_bits & NumberMask) - 1)
        : CompactResourceVersion.From(_text switch
        {
            string[] both => both[1],
            string one when (_bits & UidInText) == 0 => one,
            _ => null,
        });

    /// <summary>Whether both are held compactly, or absent (for tests).</summary>
    internal bool KeepsNoString => _text is null;

    /// <summary>Stores a uid and a resourceVersion.</summary>
    public static CompactIdentity From(string? uid, string? resourceVersion)
    {
        var bits = 0UL;
        var guid = default(Guid);
        string? uidText = null, versionText = null;
        if (TryParseCanonicalUid(uid, out guid))
        {
            bits |= UidInGuid;
        }
        else if (uid is not null)
        {
            bits |= UidInText;
            uidText = uid;
        }

        if (CompactResourceVersion.TryParseCanonical(resourceVersion, out var number) && number < NumberMask)
        {
            bits |= number + 1;
        }
        else
        {
            versionText = resourceVersion;
        }

        object? text = uidText is not null && versionText is not null ? new[] { uidText, versionText } : uidText ?? versionText;
        return new CompactIdentity(guid, bits, text);
    }

    /// <summary>This identity with another uid.</summary>
    public CompactIdentity WithUid(string? uid) => From(uid, ResourceVersion.ToString());

    /// <summary>This identity with another resourceVersion.</summary>
    public CompactIdentity WithResourceVersion(string? resourceVersion) => From(Uid, resourceVersion);

    public bool Equals(CompactIdentity other)
    {
        if (_guid != other._guid || _bits != other._bits)
        {
            return false;
        }

        return (_text, other._text) switch
        {
            (string[] a, string[] b) => string.Equals(a[0], b[0], StringComparison.Ordinal) && string.Equals(a[1], b[1], StringComparison.Ordinal),
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (null, null) => true,
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is CompactIdentity other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_guid, _bits, _text switch
    {
        string[] both => HashCode.Combine(string.GetHashCode(both[0], StringComparison.Ordinal), string.GetHashCode(both[1], StringComparison.Ordinal)),
        string one => string.GetHashCode(one, StringComparison.Ordinal),
        _ => 0,
    });

    /// <summary>Whether <paramref name="uid"/> is exactly what <c>Guid.ToString("D")</c> makes: 8-4-4-4-12 lowercase hex digits.</summary>
    private static bool TryParseCanonicalUid(string? uid, out Guid guid)
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
