using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace SecretProjection.Credentials;

/// <summary>
/// The repository the kubelet searches its keyring with: the name of the image reference normalized as
/// <c>reference.ParseNormalizedNamed</c> does (<c>nginx</c> → <c>docker.io/library/nginx</c>,
/// <c>index.docker.io/a/b:1</c> → <c>docker.io/a/b</c>, tag and digest dropped).
/// </summary>
internal static class ImageReference
{
    private const string DefaultDomain = "docker.io";
    private const string LegacyDefaultDomain = "index.docker.io";
    private const int NameTotalLengthMax = 255;

    // An image ID (64 lowercase hex digits), which the parser refuses as a name; a digest's encoded part is lowercase
    // hex too (go-digest).
    private const int IdentifierLength = 64;
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>Normalizes an image reference to the repository the kubelet looks credentials up for.</summary>
    /// <param name="image">The image as written in the container spec.</param>
    /// <param name="repository">The normalized repository, e.g. <c>docker.io/library/nginx</c>.</param>
    /// <param name="error">The parser's message when the reference is invalid.</param>
    /// <returns>Whether the reference is valid.</returns>
    public static bool TryGetRepository(string image, [NotNullWhen(true)] out string? repository, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(image);
        repository = null;
        if (image.Length == IdentifierLength && !image.AsSpan().ContainsAnyExcept(LowerHexDigits))
        {
            error = $"invalid repository name ({image}), cannot specify 64-byte hexadecimal strings";
            return false;
        }

        var (domain, remainder) = SplitDockerDomain(image);
        var tagSeparator = remainder.IndexOf(':', StringComparison.Ordinal);
        var remoteName = tagSeparator < 0 ? remainder : remainder[..tagSeparator];
        if (!string.Equals(remoteName.ToLowerInvariant(), remoteName, StringComparison.Ordinal))
        {
            error = $"invalid reference format: repository name ({remoteName}) must be lowercase";
            return false;
        }

        return TryParse(domain + "/" + remainder, out repository, out error);
    }

    /// <summary>Go's <c>reference.Parse</c>: the name of a full reference, with its checks.</summary>
    private static bool TryParse(string reference, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (!ReferenceGrammar.TryMatch(reference, out var nameLength, out var digestStart))
        {
            error = reference.Length == 0 ? "repository name must have at least one component"
                : ReferenceGrammar.TryMatch(reference.ToLowerInvariant(), out _, out _) ? "repository name must be lowercase"
                : "invalid reference format";
            return false;
        }

        if (nameLength > NameTotalLengthMax)
        {
            error = "repository name must not be more than 255 characters";
            return false;
        }

        if (digestStart >= 0 && ValidateDigest(reference[digestStart..]) is { } digestError)
        {
            error = digestError;
            return false;
        }

        name = reference[..nameLength];
        error = null;
        return true;
    }

    /// <summary>go-digest's <c>Validate</c> for the algorithms the kubelet links in: sha256, sha384, sha512.</summary>
    private static string? ValidateDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var encoded = digest[(colon + 1)..];
        var hexLength = digest[..colon] switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => 0,
        };
        if (hexLength == 0)
        {
            return "unsupported digest algorithm";
        }

        if (encoded.Length != hexLength)
        {
            return "invalid checksum digest length";
        }

        return encoded.AsSpan().ContainsAnyExcept(LowerHexDigits) ? "invalid checksum digest format" : null;
    }

    private static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        string domain, remainder;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || (name.AsSpan(0, slash).IndexOfAny('.', ':') < 0
            && name[..slash] != "localhost"
            && string.Equals(name[..slash].ToLowerInvariant(), name[..slash], StringComparison.Ordinal)))
        {
            (domain, remainder) = (DefaultDomain, name);
        }
        else
        {
            (domain, remainder) = (name[..slash], name[(slash + 1)..]);
        }

        if (domain == LegacyDefaultDomain)
        {
            domain = DefaultDomain;
        }

        if (domain == DefaultDomain && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = "library/" + remainder;
        }

        return (domain, remainder);
    }
}
