using System.Text;

namespace SecretProjection.Credentials;

/// <summary>
/// The host and path of a registry location, parsed as Go's <c>net/url</c> parses <c>https://</c> + location,
/// and the kubelet's glob match of a keyring key against an image repository (<c>URLsMatch</c> in
/// <c>pkg/credentialprovider/keyring.go</c>).
/// </summary>
internal readonly record struct RegistryUrl(string Host, string Path)
{
    private const string Https = "https://";
    private const string Http = "http://";

    /// <summary>
    /// The keyring key of a registry as written in a secret: scheme removed, a leading <c>/v1/</c> or <c>/v2/</c>
    /// reduced to <c>/</c>, <c>host</c> alone when the path is empty or <c>/</c>, <c>host/path</c> otherwise.
    /// </summary>
    /// <param name="registry">The registry as written.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="false"/> when Go's URL parser rejects it (the kubelet ignores such an entry).</returns>
    public static bool TryGetKey(string registry, out string key)
    {
        key = string.Empty;
        var value = registry.StartsWith(Https, StringComparison.Ordinal) || registry.StartsWith(Http, StringComparison.Ordinal)
            ? registry
            : Https + registry;
        if (!TryParse(value, out var url))
        {
            return false;
        }

        var path = url.Path;
        if (path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        key = path.Length > 0 && path != "/" ? url.Host + path : url.Host;
        return true;
    }

    /// <summary>
    /// Whether a keyring key (which may hold <c>*</c> globs in its host labels) matches an image repository:
    /// same port, same number of host labels, each label matching its glob, and the key's path a prefix of the
    /// repository's path.
    /// </summary>
    /// <param name="glob">The keyring key.</param>
    /// <param name="target">The repository, e.g. <c>registry.example.com:5000/shop/web</c>.</param>
    /// <returns>Whether it matches; a key or repository that does not parse matches nothing.</returns>
    public static bool Matches(string glob, string target)
    {
        if (!TryParse(Https + glob, out var globUrl) || !TryParse(Https + target, out var targetUrl))
        {
            return false;
        }

        var (globLabels, globPort) = SplitHost(globUrl.Host);
        var (targetLabels, targetPort) = SplitHost(targetUrl.Host);
        if (!string.Equals(globPort, targetPort, StringComparison.Ordinal) || globLabels.Length != targetLabels.Length)
        {
            return false;
        }

        if (!targetUrl.Path.StartsWith(globUrl.Path, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < globLabels.Length; i++)
        {
            if (!GlobPattern.Match(globLabels[i], targetLabels[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Go's <c>url.Parse</c> of an absolute <c>http(s)://</c> URL, reduced to what the keyring reads.</summary>
    internal static bool TryParse(string url, out RegistryUrl parsed)
    {
        parsed = default;
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var main = hash < 0 ? url : url[..hash];
        if (hash >= 0 && !TryUnescape(url[(hash + 1)..], host: false, out _))
        {
            return false;
        }

        if (main.Any(c => c < 0x20 || c == 0x7F))
        {
            return false;
        }

        var rest = main[(main.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            rest = rest[..question];
        }

        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[2..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var rawPath = slash < 0 ? string.Empty : rest[slash..];

        var at = authority.LastIndexOf('@');
        var rawHost = at < 0 ? authority : authority[(at + 1)..];
        if (!TryParseHost(rawHost, out var host))
        {
            return false;
        }

        if (at >= 0 && (!ValidUserinfo(authority[..at]) || !TryUnescape(authority[..at], host: false, out _)))
        {
            return false;
        }

        if (!TryUnescape(rawPath, host: false, out var path))
        {
            return false;
        }

        parsed = new RegistryUrl(host, path);
        return true;
    }

    private static bool TryParseHost(string host, out string result)
    {
        result = string.Empty;
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0 || !ValidOptionalPort(host[(close + 1)..]))
            {
                return false;
            }
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0 && !ValidOptionalPort(host[colon..]))
            {
                return false;
            }
        }

        return TryUnescape(host, host: true, out result);
    }

    private static bool ValidOptionalPort(string port) =>
        port.Length == 0 || (port[0] == ':' && port.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0);

    private static bool ValidUserinfo(string userinfo)
    {
        foreach (var c in userinfo)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "-._:~!$&'()*+,;=%@".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Go's <c>unescape</c>: <c>%XX</c> decoded; in a host, only non-ASCII bytes (and <c>%25</c>) may be escaped and some ASCII is forbidden.</summary>
    private static bool TryUnescape(string text, bool host, out string result)
    {
        result = text;
        if (text.IndexOf('%', StringComparison.Ordinal) < 0 && !host)
        {
            return true;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    return false;
                }

                var value = Convert.ToByte(text.Substring(i + 1, 2), 16);
                if (host && value < 0x80 && value != 0x25)
                {
                    return false;
                }

                bytes.Add(value);
                i += 2;
            }
            else if (c < 0x80)
            {
                if (host && HostMustEscape(c))
                {
                    return false;
                }

                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1)));
                if (char.IsHighSurrogate(c) && i + 1 < text.Length)
                {
                    i++;
                }
            }
        }

        result = Encoding.UTF8.GetString([.. bytes]);
        return true;
    }

    private static bool HostMustEscape(char c) =>
        !char.IsAsciiLetterOrDigit(c) && "-_.~!$&'()*+,;=:[]<>\"".IndexOf(c, StringComparison.Ordinal) < 0;

    /// <summary>Go's <c>net.SplitHostPort</c>, falling back to the whole host and no port when it fails; then the labels.</summary>
    private static (string[] Labels, string Port) SplitHost(string hostport)
    {
        return TrySplitHostPort(hostport, out var host, out var port)
            ? (host.Split('.'), port)
            : (hostport.Split('.'), string.Empty);
    }

    private static bool TrySplitHostPort(string hostport, out string host, out string port)
    {
        host = port = string.Empty;
        var colon = hostport.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        int from = 0, after = 0;
        if (hostport[0] == '[')
        {
            var end = hostport.IndexOf(']', StringComparison.Ordinal);
            if (end < 0 || end + 1 != colon)
            {
                return false;
            }

            host = hostport[1..end];
            from = 1;
            after = end + 1;
        }
        else
        {
            host = hostport[..colon];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (hostport.AsSpan(from).Contains('[') || hostport.AsSpan(after).Contains(']'))
        {
            return false;
        }

        port = hostport[(colon + 1)..];
        return true;
    }
}
