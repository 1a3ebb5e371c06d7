namespace SecretProjection.Credentials;

/// <summary>
/// Go's <c>path/filepath.Match</c> on Unix (separator <c>/</c>): <c>*</c>, <c>?</c>, <c>[...]</c> classes and
/// <c>\</c> escapes. A malformed pattern matches nothing, as the keyring ignores the error.
/// </summary>
internal static class GlobPattern
{
    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The glob.</param>
    /// <param name="name">The text.</param>
    /// <returns>Whether it matches (false for a malformed pattern).</returns>
    public static bool Match(string pattern, string name)
    {
        while (pattern.Length > 0)
        {
            var (star, chunk, rest) = ScanChunk(pattern);
            pattern = rest;
            if (star && chunk.Length == 0)
            {
                return !name.Contains('/', StringComparison.Ordinal);
            }

            var (tail, ok, bad) = MatchChunk(chunk, name);
            if (ok && (tail.Length == 0 || pattern.Length > 0))
            {
                name = tail;
                continue;
            }

            if (bad)
            {
                return false;
            }

            var advanced = false;
            if (star)
            {
                for (var i = 0; i < name.Length && name[i] != '/'; i++)
                {
                    var (t, ok2, bad2) = MatchChunk(chunk, name[(i + 1)..]);
                    if (ok2)
                    {
                        if (pattern.Length == 0 && t.Length > 0)
                        {
                            continue;
                        }

                        name = t;
                        advanced = true;
                        break;
                    }

                    if (bad2)
                    {
                        return false;
                    }
                }
            }

            if (!advanced)
            {
                return false;
            }
        }

        return name.Length == 0;
    }

    private static (bool Star, string Chunk, string Remainder) ScanChunk(string pattern)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inRange = false;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }

        return (star, pattern[..i], pattern[i..]);
    }

    private static (string Remainder, bool Ok, bool Bad) MatchChunk(string chunk, string s)
    {
        var failed = false;
        var ci = 0;
        var si = 0;
        while (ci < chunk.Length)
        {
            if (!failed && si >= s.Length)
            {
                failed = true;
            }

            switch (chunk[ci])
            {
                case '[':
                    var r = failed ? '\0' : s[si++];
                    ci++;
                    var negated = ci < chunk.Length && chunk[ci] == '^';
                    if (negated)
                    {
                        ci++;
                    }

                    var match = false;
                    var ranges = 0;
                    while (true)
                    {
                        if (ci < chunk.Length && chunk[ci] == ']' && ranges > 0)
                        {
                            ci++;
                            break;
                        }

                        if (!TryGetEscaped(chunk, ref ci, out var lo))
                        {
                            return (string.Empty, false, true);
                        }

                        var hi = lo;
                        if (chunk[ci] == '-')
                        {
                            ci++;
                            if (!TryGetEscaped(chunk, ref ci, out hi))
                            {
                                return (string.Empty, false, true);
                            }
                        }

                        if (lo <= r && r <= hi)
                        {
                            match = true;
                        }

                        ranges++;
                    }

                    if (match == negated)
                    {
                        failed = true;
                    }

                    break;
                case '?':
                    if (!failed)
                    {
                        failed = s[si] == '/';
                        si++;
                    }

                    ci++;
                    break;
                default:
                    if (chunk[ci] == '\\')
                    {
                        ci++;
                        if (ci >= chunk.Length)
                        {
                            return (string.Empty, false, true);
                        }
                    }

                    if (!failed)
                    {
                        failed = chunk[ci] != s[si];
                        si++;
                    }

                    ci++;
                    break;
            }
        }

        return failed ? (string.Empty, false, false) : (s[si..], true, false);
    }

    /// <summary>One (possibly escaped) character of a class; fails where Go reports <c>ErrBadPattern</c>.</summary>
    private static bool TryGetEscaped(string chunk, ref int ci, out char c)
    {
        c = '\0';
        if (ci >= chunk.Length || chunk[ci] is '-' or ']')
        {
            return false;
        }

        if (chunk[ci] == '\\')
        {
            ci++;
            if (ci >= chunk.Length)
            {
                return false;
            }
        }

        c = chunk[ci++];

        // Go also fails when the class is not closed before the chunk ends.
        return ci < chunk.Length;
    }
}
