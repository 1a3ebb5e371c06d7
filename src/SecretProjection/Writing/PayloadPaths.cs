using System.Globalization;
using System.Text;

namespace SecretProjection.Writing;

/// <summary>
/// Upstream's <c>validatePayload</c>: checks every path, then cleans it (<c>path.Clean</c>: <c>a//b</c> and
/// <c>./a/b</c> become <c>a/b</c>). Also refuses what upstream only finds half-way through writing (a path that
/// cleans to nothing, a path that is both a file and a directory), so a bad payload never touches the volume.
/// </summary>
internal static class PayloadPaths
{
    /// <summary>The longest file name, in bytes.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>The longest path, in bytes.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>Validates and cleans the payload's paths.</summary>
    /// <returns>The files by clean path, in ordinal path order, as the writer walks them.</returns>
    /// <exception cref="InvalidPayloadException">The first invalid path (in ordinal order).</exception>
    public static KeyValuePair<string, PayloadFile>[] Clean(VolumePayload payload)
    {
        var allClean = true;
        foreach (var path in payload.Files.Keys)
        {
            Validate(path);
            var cleaned = CleanPath(path);
            if (cleaned.Length == 0)
            {
                throw new InvalidPayloadException($"invalid path: must name a file: {path}");
            }

            allClean &= ReferenceEquals(cleaned, path);
        }

        // Most payloads are clean already: then the payload's own dictionary serves, without a copy.
        var clean = payload.Files;
        if (!allClean)
        {
            clean = new SortedDictionary<string, PayloadFile>(StringComparer.Ordinal);
            foreach (var (path, file) in payload.Files)
            {
                clean[CleanPath(path)] = file;
            }
        }

        foreach (var path in clean.Keys)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (clean.ContainsKey(path[..slash]))
                {
                    throw new InvalidPayloadException($"invalid path: {path[..slash]} is both a file and a directory");
                }
            }
        }

        return [.. clean];
    }

    /// <summary>Upstream's <c>validatePath</c>, with its messages; lengths count UTF-8 bytes as Go does.</summary>
    public static void Validate(string path)
    {
        if (path.Length == 0)
        {
            throw new InvalidPayloadException("invalid path: must not be empty: \"\"");
        }

        if (path.StartsWith('/'))
        {
            throw new InvalidPayloadException($"invalid path: must be relative path: {path}");
        }

        // Go's system calls (upstream's writer) refuse a NUL with EINVAL only once a generation has been made;
        // refused here, nothing is touched.
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidPayloadException($"invalid path: must not contain NUL: {path}");
        }

        if (path.Length > MaxPathLength / 3 && Encoding.UTF8.GetByteCount(path) > MaxPathLength)
        {
            throw new InvalidPayloadException(string.Create(CultureInfo.InvariantCulture, $"invalid path: must be less than or equal to {MaxPathLength} characters"));
        }

        var firstIsReserved = false;
        var first = true;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var item = path.AsSpan(range);
            if (item is "..")
            {
                throw new InvalidPayloadException($"invalid path: must not contain '..': {path}");
            }

            if (item.Length > MaxFileNameLength / 3 && Encoding.UTF8.GetByteCount(item) > MaxFileNameLength)
            {
                throw new InvalidPayloadException(string.Create(CultureInfo.InvariantCulture, $"invalid path: filenames must be less than or equal to {MaxFileNameLength} characters"));
            }

            if (first && item.StartsWith("..", StringComparison.Ordinal) && item.Length > 2)
            {
                // Upstream checks the first element after every element's length: a long name wins.
                firstIsReserved = true;
            }

            first = false;
        }

        if (firstIsReserved)
        {
            throw new InvalidPayloadException($"invalid path: must not start with '..': {path}");
        }
    }

    /// <summary>The first element of a clean path: the name of its user-visible link.</summary>
    public static string TopLevelName(string cleanPath)
    {
        var slash = cleanPath.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? cleanPath : cleanPath[..slash];
    }

    /// <summary>The path and every parent of it (<c>a/b/c</c>, <c>a/b</c>, <c>a</c>).</summary>
    public static IEnumerable<string> SelfAndParents(string cleanPath)
    {
        for (var path = cleanPath; path.Length > 0;)
        {
            yield return path;
            var slash = path.LastIndexOf('/');
            path = slash < 0 ? string.Empty : path[..slash];
        }
    }

    // A validated path has no '..' element and does not start with '/', so cleaning only drops empty and '.'
    // elements; most paths have neither and are returned as they are.
    private static string CleanPath(string path)
    {
        if (!path.EndsWith('/') && !path.Contains("//", StringComparison.Ordinal) && path != "."
            && !path.StartsWith("./", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal)
            && !path.Contains("/./", StringComparison.Ordinal))
        {
            return path;
        }

        return string.Join('/', path.Split('/').Where(e => e.Length > 0 && e != "."));
    }
}
