using System.Globalization;
using System.Text;

namespace SecretProjection.Writing;

/// <summary>
/// The atomic writer's rules for payload paths, in one place for the writer and the planner: upstream's
/// <c>validatePath</c> (<c>pkg/volume/util/atomic_writer.go</c>) with its messages, the cleaning upstream's
/// <c>validatePayload</c> applies (Go's <c>path.Clean</c>: <c>a//b</c> and <c>./a/b</c> become <c>a/b</c>), and what
/// upstream only finds half-way through writing, refused before anything is touched: a path that cleans to nothing
/// (<c>.</c>), a NUL (Go's system calls refuse it), a path that is both a file and a directory. The API server checks
/// only some of them, so a pod it accepted can still fail here when the kubelet mounts the volume.
/// </summary>
internal static class PayloadPaths
{
    /// <summary>The longest path, in bytes.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>The longest file name (path element), in bytes.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>Validates and cleans the payload's paths.</summary>
    /// <returns>The files by clean path, in ordinal path order, as the writer walks them.</returns>
    /// <exception cref="InvalidPayloadException">The first invalid path (in ordinal order).</exception>
    public static KeyValuePair<string, PayloadFile>[] Clean(VolumePayload payload)
    {
        var allClean = true;
        foreach (var path in payload.Files.Keys)
        {
            if (Problem(path) is { } problem)
            {
                throw new InvalidPayloadException(problem);
            }

            allClean &= ReferenceEquals(Clean(path), path);
        }

        // Most payloads are clean already: then the payload's own dictionary serves, without a copy.
        var clean = payload.Files;
        if (!allClean)
        {
            clean = new SortedDictionary<string, PayloadFile>(StringComparer.Ordinal);
            foreach (var (path, file) in payload.Files)
            {
                clean[Clean(path)] = file;
            }
        }

        foreach (var path in clean.Keys)
        {
            if (FileParent(path, clean.ContainsKey) is { } file)
            {
                throw new InvalidPayloadException(BothFileAndDirectory(file));
            }
        }

        return [.. clean];
    }

    /// <summary>
    /// The writer's complaint about a path, or <see langword="null"/> when it accepts it: upstream's
    /// <c>validatePath</c>, with its messages (lengths count UTF-8 bytes, as Go's <c>len</c>), then a NUL and a path
    /// that cleans to nothing.
    /// </summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0)
        {
            return "invalid path: must not be empty: \"\"";
        }

        if (path.StartsWith('/'))
        {
            return "invalid path: must be relative path: " + path;
        }

        if (path.Length > MaxPathLength / 3 && Encoding.UTF8.GetByteCount(path) > MaxPathLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"invalid path: must be less than or equal to {MaxPathLength} characters");
        }

        var firstIsReserved = false;
        var first = true;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var item = path.AsSpan(range);
            if (item is "..")
            {
                return "invalid path: must not contain '..': " + path;
            }

            if (item.Length > MaxFileNameLength / 3 && Encoding.UTF8.GetByteCount(item) > MaxFileNameLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"invalid path: filenames must be less than or equal to {MaxFileNameLength} characters");
            }

            // Upstream checks the first element after every element's length: a long name wins.
            firstIsReserved |= first && item.StartsWith("..", StringComparison.Ordinal) && item.Length > 2;
            first = false;
        }

        if (firstIsReserved)
        {
            return "invalid path: must not start with '..': " + path;
        }

        // Go's system calls (upstream's writer) refuse a NUL with EINVAL only once a generation has been made.
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "invalid path: must not contain NUL: " + path;
        }

        // Upstream would write "." onto the generation directory itself and fail there.
        return Clean(path) == "." ? "invalid path: must not be '.'" : null;
    }

    /// <summary>
    /// Go's <c>path.Clean</c> for a relative path: no empty or <c>.</c> elements, <c>..</c> folded into its parent,
    /// <c>.</c> for nothing. A path with neither is returned as it is.
    /// </summary>
    public static string Clean(string path)
    {
        if (!path.EndsWith('/') && !path.StartsWith('/') && !path.Contains("//", StringComparison.Ordinal) && path != "."
            && !path.StartsWith("./", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal)
            && !path.Contains("/./", StringComparison.Ordinal) && path != ".." && !path.StartsWith("../", StringComparison.Ordinal)
            && !path.EndsWith("/..", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal))
        {
            return path.Length == 0 ? "." : path;
        }

        var kept = new List<string>();
        foreach (var element in path.Split('/'))
        {
            if (element.Length == 0 || element == ".")
            {
                continue;
            }

            if (element == ".." && kept.Count > 0 && kept[^1] != "..")
            {
                kept.RemoveAt(kept.Count - 1);
            }
            else if (element != ".." || !path.StartsWith('/'))
            {
                kept.Add(element);
            }
        }

        var cleaned = string.Join('/', kept);
        return path.StartsWith('/') ? "/" + cleaned : cleaned.Length == 0 ? "." : cleaned;
    }

    /// <summary>
    /// The first parent of <paramref name="cleanPath"/>, from the top, that <paramref name="isFile"/> says is a file
    /// of the payload (then the path is both a file and a directory), or <see langword="null"/>.
    /// </summary>
    public static string? FileParent(string cleanPath, Func<string, bool> isFile)
    {
        for (var slash = cleanPath.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = cleanPath.IndexOf('/', slash + 1))
        {
            if (isFile(cleanPath[..slash]))
            {
                return cleanPath[..slash];
            }
        }

        return null;
    }

    /// <summary>The complaint about a payload where <paramref name="file"/> is also a directory of another path.</summary>
    public static string BothFileAndDirectory(string file) => $"invalid path: {file} is both a file and a directory";

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
}
