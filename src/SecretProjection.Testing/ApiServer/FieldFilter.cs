using System.Text.Json.Nodes;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// A <c>fieldSelector</c> over the fields every object supports, <c>metadata.name</c> and
/// <c>metadata.namespace</c>, and a pod's <c>spec.nodeName</c> (the kubelet's selector), with <c>=</c>, <c>==</c>
/// or <c>!=</c>, requirements separated by commas.
/// </summary>
internal sealed class FieldFilter
{
    private readonly List<(string Field, bool Equal, string Value)> _requirements;

    private FieldFilter(List<(string Field, bool Equal, string Value)> requirements) => _requirements = requirements;

    public static FieldFilter Everything { get; } = new([]);

    /// <summary>Parses a selector; on failure, <paramref name="error"/> holds the API server's message.</summary>
    public static FieldFilter? Parse(string? selector, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(selector))
        {
            return Everything;
        }

        var requirements = new List<(string, bool, string)>();
        foreach (var part in selector.Split(','))
        {
            var (field, equal, value) = Split(part);
            if (field is null)
            {
                error = $"invalid selector: '{selector}'; can't understand '{part}'";
                return null;
            }

            if (field is not ("metadata.name" or "metadata.namespace" or "spec.nodeName"))
            {
                error = $"field label not supported: {field}";
                return null;
            }

            requirements.Add((field, equal, value));
        }

        return new FieldFilter(requirements);
    }

    public bool Matches(string @namespace, string name, string? nodeName = null) =>
        _requirements.TrueForAll(r => ((r.Field switch { "metadata.name" => name, "spec.nodeName" => nodeName ?? string.Empty, _ => @namespace }) == r.Value) == r.Equal);

    /// <summary>Whether a stored object matches.</summary>
    public bool Matches(JsonObject json)
    {
        var metadata = (JsonObject)json["metadata"]!;
        return Matches(ApiJson.StringAt(metadata, "namespace") ?? string.Empty, ApiJson.StringAt(metadata, "name")!, NodeNameOf(json));
    }

    /// <summary>A pod's <c>spec.nodeName</c>; <see langword="null"/> for other objects.</summary>
    public static string? NodeNameOf(JsonObject json) => json["spec"] is JsonObject spec ? ApiJson.StringAt(spec, "nodeName") : null;

    private static (string? Field, bool Equal, string Value) Split(string part)
    {
        var index = part.IndexOf("!=", StringComparison.Ordinal);
        if (index > 0)
        {
            return (part[..index].Trim(), false, part[(index + 2)..].Trim());
        }

        index = part.IndexOf("==", StringComparison.Ordinal);
        if (index > 0)
        {
            return (part[..index].Trim(), true, part[(index + 2)..].Trim());
        }

        index = part.IndexOf('=', StringComparison.Ordinal);
        return index > 0 ? (part[..index].Trim(), true, part[(index + 1)..].Trim()) : (null, true, string.Empty);
    }
}
