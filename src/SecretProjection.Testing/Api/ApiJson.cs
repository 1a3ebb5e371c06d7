using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretProjection.Model;

namespace SecretProjection.Testing.Api;

/// <summary>
/// The API server's JSON: objects given as JSON checked and normalized as the server stores them (a namespace for
/// a namespaced object, <c>stringData</c> merged into a Secret's <c>data</c>, an empty Secret type made
/// <c>Opaque</c>), metadata in Go's field order, and text written as Go's encoder writes it.
/// </summary>
internal static class ApiJson
{
    // Go's encoder writes a quote as \" (the default encoder here would write \u0022) and leaves non-ASCII as is.
    private static readonly JsonSerializerOptions WireOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // ObjectMeta's fields in the order of its Go struct, which is the order the API server writes them.
    private static readonly string[] MetadataOrder =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    /// <summary>The namespace the API server puts a namespaced object in when it names none.</summary>
    public const string DefaultNamespace = "default";

    public static string Serialize(JsonNode node) => node.ToJsonString(WireOptions);

    /// <summary>Parses an object given as JSON and checks that the API serves its kind; namespaced objects get <c>default</c> when they name no namespace.</summary>
    /// <exception cref="ArgumentException">Not a JSON object of a served kind and version with a name.</exception>
    public static (ApiResource Resource, JsonObject Json) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException e)
        {
            // The message names the position only; the text may hold secret values.
            throw new ArgumentException($"not a JSON object (line {e.LineNumber}, byte {e.BytePositionInLine})", nameof(json));
        }

        if (parsed is null)
        {
            throw new ArgumentException("not a JSON object", nameof(json));
        }

        var resource = ApiResource.FromApiVersion(StringAt(parsed, "apiVersion"), StringAt(parsed, "kind"))
            ?? throw new ArgumentException("the simulated API stores " + string.Join(", ", ApiResource.All.Select(r => $"{r.ApiVersion(r.Versions[0])} {r.Kind}")) + " objects only", nameof(json));
        if (parsed["metadata"] is not JsonObject metadata || string.IsNullOrEmpty(StringAt(metadata, "name")))
        {
            throw new ArgumentException("metadata.name: Required value: name or generateName is required", nameof(json));
        }

        if (!resource.Namespaced)
        {
            metadata.Remove("namespace");
        }
        else if (string.IsNullOrEmpty(StringAt(metadata, "namespace")))
        {
            metadata["namespace"] = DefaultNamespace;
        }

        if (resource == ApiResource.Secrets)
        {
            MergeStringData(parsed);
        }

        // Read whole now: a parsed node materializes its children on first access, which is not safe to do from
        // two threads at once, and a stored object is read by many.
        _ = Serialize(parsed);
        return (resource, parsed);
    }

    public static string? StringAt(JsonObject json, string property) =>
        json[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The text at a dotted path (<c>spec.nodeName</c>) of an object; a boolean as <c>true</c>/<c>false</c>, as field selectors compare it.</summary>
    public static string? TextAt(JsonObject json, string path)
    {
        JsonNode? node = json;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node is JsonValue value
            ? value.TryGetValue<string>(out var text) ? text : value.TryGetValue<bool>(out var flag) ? (flag ? "true" : "false") : value.ToJsonString()
            : null;
    }

    /// <summary>An object's <c>metadata.labels</c>.</summary>
    public static IReadOnlyDictionary<string, string> Labels(JsonObject json)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : string.Empty;
            }
        }

        return labels;
    }

    /// <summary>The object as a list holds it: list items carry no kind or apiVersion.</summary>
    public static JsonObject AsListItem(JsonObject stored)
    {
        var item = (JsonObject)stored.DeepClone();
        item.Remove("kind");
        item.Remove("apiVersion");
        return item;
    }

    /// <summary>Metadata with its fields in the order of the Go struct.</summary>
    public static JsonObject InGoOrder(JsonObject metadata)
    {
        var ordered = new JsonObject();
        foreach (var (key, value) in metadata.OrderBy(e => Array.IndexOf(MetadataOrder, e.Key) is var i and >= 0 ? i : MetadataOrder.Length).ToList())
        {
            metadata.Remove(key);
            ordered[key] = value;
        }

        return ordered;
    }

    /// <summary>What the API server does before it stores a Secret: <c>stringData</c> wins over <c>data</c>, empty type is Opaque.</summary>
    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is JsonObject stringData)
        {
            if (secret["data"] is not JsonObject data)
            {
                data = new JsonObject();
                secret["data"] = data;
            }

            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
        }

        secret.Remove("stringData");
        if (string.IsNullOrEmpty(StringAt(secret, "type")))
        {
            secret["type"] = SecretTypes.Opaque;
        }
    }
}
