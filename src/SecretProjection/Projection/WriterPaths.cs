using System.Globalization;
using System.Text;

namespace SecretProjection.Projection;

/// <summary>
/// The atomic writer's rules for payload paths (<c>validatePath</c> in <c>pkg/volume/util/atomic_writer.go</c>),
/// with its messages, and the cleaning it applies to them. The API server checks only some of them, so a pod
/// it accepted can still fail here when the kubelet mounts the volume.
/// </summary>
internal static class WriterPaths
{
    /// <summary>The longest path, in bytes.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>The longest path segment (file name), in bytes.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>The writer's complaint about a path, or <see langword="null"/> when it accepts it.</summary>
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

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "invalid path: must not contain NUL: " + path;
        }

        // Go's len() counts bytes.
        if (Encoding.UTF8.GetByteCount(path) > MaxPathLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"invalid path: must be less than or equal to {MaxPathLength} characters");
        }

        var items = path.Split('/');
        foreach (var item in items)
        {
            if (item == "..")
            {
                return "invalid path: must not contain '..': " + path;
            }

            if (Encoding.UTF8.GetByteCount(item) > MaxFileNameLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"invalid path: filenames must be less than or equal to {MaxFileNameLength} characters");
            }
        }

        if (items[0].StartsWith("..", StringComparison.Ordinal) && items[0].Length > 2)
        {
            return "invalid path: must not start with '..': " + path;
        }

        return Clean(path) == "." ? "invalid path: must not be '.'" : null;
    }

    /// <summary>The parents of a clean path, nearest first (<c>a/b/c</c>: <c>a/b</c>, <c>a</c>).</summary>
    public static IEnumerable<string> Parents(string cleanPath)
    {
        for (var slash = cleanPath.LastIndexOf('/'); slash > 0; slash = cleanPath.LastIndexOf('/', slash - 1))
        {
            yield return cleanPath[..slash];
        }
    }

    /// <summary>Go's <c>path.Clean</c> for relative paths: no empty or <c>.</c> segments, <c>..</c> folded.</summary>
    public static string Clean(string path)
    {
        var kept = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && kept.Count > 0 && kept[^1] != "..")
            {
                kept.RemoveAt(kept.Count - 1);
            }
            else
            {
                kept.Add(segment);
            }
        }

        var cleaned = string.Join('/', kept);
        return path.StartsWith('/') ? "/" + cleaned : cleaned.Length == 0 ? "." : cleaned;
    }
}
