using System.Buffers;

namespace SecretProjection.Credentials;

/// <summary>
/// The distribution/reference grammar of an image reference (<c>ReferenceRegexp</c>: a name, an optional tag, an
/// optional digest), matched in one pass over the text: linear like Go's RE2, without a regular expression engine to
/// build in every process and states to add for every new image (which a non-backtracking <c>Regex</c> did).
/// </summary>
/// <remarks>
/// The grammar, as Go writes it: name = [host[:port]/]component(/component)*; host = domain(.domain)* or [ipv6];
/// domain = alphanumerics and '-', not at either end; component = [a-z0-9]+ runs joined by '.', '_', '__' or '-'+;
/// tag = [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; digest = algorithm:hex{32,}, algorithm = letter-led runs of
/// [A-Za-z0-9] joined by one of -_+. ('@' and ':' in a tag are impossible, so the text splits on them first).
/// </remarks>
internal static class ReferenceGrammar
{
    private const int MaxTagLength = 128;
    private const int MinDigestHexLength = 32;

    /// <summary>Whether <paramref name="reference"/> is a whole reference.</summary>
    /// <param name="reference">The text.</param>
    /// <param name="nameLength">The length of its name, which starts the text.</param>
    /// <param name="digestStart">Where its digest starts, after '@'; -1 when it has none.</param>
    /// <returns>Whether the text matches.</returns>
    public static bool TryMatch(ReadOnlySpan<char> reference, out int nameLength, out int digestStart)
    {
        nameLength = 0;
        digestStart = -1;
        var at = reference.IndexOf('@');
        var named = at < 0 ? reference : reference[..at];
        if (at >= 0 && !IsDigest(reference[(at + 1)..]))
        {
            return false;
        }

        // A ':' after the last '/' starts the tag: a name has one only in a host's port, which a '/' follows.
        var lastSlash = named.LastIndexOf('/');
        var colon = named[(lastSlash + 1)..].IndexOf(':');
        var name = colon < 0 ? named : named[..(lastSlash + 1 + colon)];
        if ((colon >= 0 && !IsTag(named[(lastSlash + 2 + colon)..])) || !IsName(name))
        {
            return false;
        }

        nameLength = name.Length;
        digestStart = at < 0 ? -1 : at + 1;
        return true;
    }

    /// <summary>Path components only, or a host (with its port) and then at least one path component.</summary>
    private static bool IsName(ReadOnlySpan<char> name)
    {
        var slash = name.IndexOf('/');
        return slash < 0 ? IsPathComponent(name)
            : IsPathComponents(name[(slash + 1)..]) && (IsPathComponent(name[..slash]) || IsHostAndPort(name[..slash]));
    }

    private static bool IsPathComponents(ReadOnlySpan<char> path)
    {
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/'))
        {
            if (!IsPathComponent(path[..slash]))
            {
                return false;
            }

            path = path[(slash + 1)..];
        }

        return IsPathComponent(path);
    }

    /// <summary>Runs of [a-z0-9] joined by exactly '.', '_', '__' or one or more '-'.</summary>
    private static bool IsPathComponent(ReadOnlySpan<char> component)
    {
        var i = 0;
        while (true)
        {
            var run = i;
            while (i < component.Length && IsLowerAlphanumeric(component[i]))
            {
                i++;
            }

            if (i == run)
            {
                return false;
            }

            if (i == component.Length)
            {
                return true;
            }

            switch (component[i])
            {
                case '.':
                    i++;
                    break;
                case '_':
                    i += i + 1 < component.Length && component[i + 1] == '_' ? 2 : 1;
                    break;
                case '-':
                    while (i < component.Length && component[i] == '-')
                    {
                        i++;
                    }

                    break;
                default:
                    return false;
            }
        }
    }

    private static bool IsHostAndPort(ReadOnlySpan<char> host)
    {
        int end;
        if (host.Length > 0 && host[0] == '[')
        {
            end = host.IndexOf(']');
            if (end < 2 || host[1..end].ContainsAnyExcept(HexOrColon))
            {
                return false;
            }

            end++;
        }
        else
        {
            end = host.IndexOf(':');
            end = end < 0 ? host.Length : end;
            if (!IsDomain(host[..end]))
            {
                return false;
            }
        }

        var port = host[end..];
        return port.IsEmpty || (port[0] == ':' && port.Length > 1 && !port[1..].ContainsAnyExceptInRange('0', '9'));
    }

    /// <summary>Labels of alphanumerics and '-', not starting or ending with '-', joined by '.'.</summary>
    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(DomainCharacters))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTag(ReadOnlySpan<char> tag) =>
        tag.Length is > 0 and <= MaxTagLength && tag[0] != '.' && tag[0] != '-' && !tag.ContainsAnyExcept(TagCharacters);

    /// <summary>An algorithm (letter-led runs of alphanumerics joined by one of -_+.), ':' and 32 or more hex digits.</summary>
    private static bool IsDigest(ReadOnlySpan<char> digest)
    {
        var colon = digest.IndexOf(':');
        if (colon < 0 || digest.Length - colon - 1 < MinDigestHexLength || digest[(colon + 1)..].ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        var algorithm = digest[..colon];
        var i = 0;
        while (true)
        {
            if (i == algorithm.Length || !char.IsAsciiLetter(algorithm[i]))
            {
                return false;
            }

            i++;
            while (i < algorithm.Length && char.IsAsciiLetterOrDigit(algorithm[i]))
            {
                i++;
            }

            if (i == algorithm.Length)
            {
                return true;
            }

            if (algorithm[i] is not ('-' or '_' or '+' or '.'))
            {
                return false;
            }

            i++;
        }
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private const string Alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> HexOrColon = SearchValues.Create("0123456789abcdefABCDEF:");
    private static readonly SearchValues<char> DomainCharacters = SearchValues.Create(Alphanumerics + "-");
    private static readonly SearchValues<char> TagCharacters = SearchValues.Create(Alphanumerics + "_.-");
}
