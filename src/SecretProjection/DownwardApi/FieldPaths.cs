using System.Text;
using SecretProjection.Text;
using SecretProjection.Validation;

namespace SecretProjection.DownwardApi;

/// <summary>
/// <c>pkg/fieldpath/fieldpath.go</c>: the metadata fields of an object as the Downward API gives them, and the
/// <c>key="value"</c> lines of a label or annotation map.
/// </summary>
internal static class FieldPaths
{
    /// <summary>
    /// <c>FormatMap</c>: one <c>key="value"</c> line per entry, keys in byte order, values quoted as Go's <c>%q</c>
    /// does, lines joined by a newline with none after the last.
    /// </summary>
    /// <param name="map">The map.</param>
    /// <returns>The text.</returns>
    public static string FormatMap(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var keys = map.Keys.ToArray();
        Array.Sort(keys, Utf8Order.Instance);
        var builder = new StringBuilder();
        foreach (var key in keys)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(key).Append('=').Append('"');
            GoQuote.Append(builder, map[key]);
            builder.Append('"');
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>ExtractFieldPathAsString</c>: <c>metadata.name</c>, <c>metadata.namespace</c>, <c>metadata.uid</c>,
    /// <c>metadata.labels</c> and <c>metadata.annotations</c> (as <see cref="FormatMap"/>), and one label or
    /// annotation by subscript (<c>metadata.labels['key']</c>; an absent key reads as empty).
    /// </summary>
    /// <param name="metadata">The object's metadata.</param>
    /// <param name="fieldPath">The field path.</param>
    /// <returns>The value or the error.</returns>
    public static DownwardValue Extract(ObjectMetadata metadata, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        if (SplitMaybeSubscripted(fieldPath) is var (path, subscript))
        {
            switch (path)
            {
                case "metadata.annotations":
                    // Annotation keys may hold upper case: they are checked in lower case.
                    return NameRules.QualifiedName(subscript.ToLowerInvariant()) is { Count: > 0 } annotationErrors
                        ? DownwardValue.Failed(InvalidSubscript(fieldPath, annotationErrors))
                        : DownwardValue.Of(metadata.Annotations.GetValueOrDefault(subscript, string.Empty));
                case "metadata.labels":
                    return NameRules.QualifiedName(subscript) is { Count: > 0 } labelErrors
                        ? DownwardValue.Failed(InvalidSubscript(fieldPath, labelErrors))
                        : DownwardValue.Of(metadata.Labels.GetValueOrDefault(subscript, string.Empty));
                default:
                    return DownwardValue.Failed($"fieldPath {GoQuote.Quote(fieldPath)} does not support subscript");
            }
        }

        return fieldPath switch
        {
            "metadata.annotations" => DownwardValue.Of(FormatMap(metadata.Annotations)),
            "metadata.labels" => DownwardValue.Of(FormatMap(metadata.Labels)),
            "metadata.name" => DownwardValue.Of(metadata.Name),
            "metadata.namespace" => DownwardValue.Of(metadata.Namespace),
            "metadata.uid" => metadata.Uid is { } uid ? DownwardValue.Of(uid) : DownwardValue.KnownOnNode(fieldPath),
            _ => DownwardValue.Failed("unsupported fieldPath: " + fieldPath),
        };
    }

    /// <summary>
    /// <c>SplitMaybeSubscriptedPath</c>: <c>metadata.annotations['a[b]c']</c> is the path
    /// <c>metadata.annotations</c> and the subscript <c>a[b]c</c>; a path without a subscript gives
    /// <see langword="null"/>.
    /// </summary>
    /// <param name="fieldPath">The field path.</param>
    /// <returns>The path and subscript, or <see langword="null"/>.</returns>
    public static (string Path, string Subscript)? SplitMaybeSubscripted(string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return null;
        }

        var trimmed = fieldPath[..^2];
        var open = trimmed.IndexOf("['", StringComparison.Ordinal);
        return open <= 0 ? null : (trimmed[..open], trimmed[(open + 2)..]);
    }

    private static string InvalidSubscript(string fieldPath, IReadOnlyList<string> errors) =>
        $"invalid key subscript in {fieldPath}: {string.Join(";", errors)}";
}
