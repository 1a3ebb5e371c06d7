using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretProjection.Model;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// The API server's JSON for the objects the loopback server stores: core model objects serialized as the
/// server writes them (base64 <c>data</c>, fields in Go's order), and objects given as JSON normalized as the
/// server stores them (<c>stringData</c> merged into <c>data</c>, an empty Secret type made <c>Opaque</c>).
/// </summary>
internal static class ApiJson
{
    // Go's encoder writes a quote as \" (the default encoder here would write \u0022) and leaves non-ASCII as is.
    private static readonly JsonSerializerOptions WireOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(WireOptions);

    public static JsonObject FromSecret(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var json = new JsonObject
        {
            ["kind"] = ApiResource.Secrets.Kind,
            ["apiVersion"] = "v1",
            ["metadata"] = Metadata(secret.Name, secret.Namespace, secret.Uid, secret.Annotations),
        };
        if (secret.Immutable)
        {
            json["immutable"] = true;
        }

        if (secret.Data.Count > 0)
        {
            json["data"] = Base64Map(secret.Data);
        }

        json["type"] = secret.Type;
        return json;
    }

    public static JsonObject FromConfigMap(ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var json = new JsonObject
        {
            ["kind"] = ApiResource.ConfigMaps.Kind,
            ["apiVersion"] = "v1",
            ["metadata"] = Metadata(configMap.Name, configMap.Namespace, uid: null, annotations: null),
        };
        if (configMap.Immutable)
        {
            json["immutable"] = true;
        }

        if (configMap.Data.Count > 0)
        {
            var data = new JsonObject();
            foreach (var (key, value) in configMap.Data.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                data[key] = value;
            }

            json["data"] = data;
        }

        if (configMap.BinaryData.Count > 0)
        {
            json["binaryData"] = Base64Map(configMap.BinaryData);
        }

        return json;
    }

    /// <summary>Parses an object given as JSON and checks that the loopback server can store it.</summary>
    /// <exception cref="ArgumentException">Not a JSON object of kind Secret, ConfigMap or Pod in <c>v1</c> with a name.</exception>
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

        var resource = ApiResource.FromKind(StringAt(parsed, "kind"));
        if (resource is null || StringAt(parsed, "apiVersion") != "v1")
        {
            throw new ArgumentException("the loopback API server stores v1 Secrets, ConfigMaps and Pods only", nameof(json));
        }

        if (parsed["metadata"] is not JsonObject metadata || string.IsNullOrEmpty(StringAt(metadata, "name")))
        {
            throw new ArgumentException("metadata.name: Required value: name or generateName is required", nameof(json));
        }

        if (resource == ApiResource.Secrets)
        {
            MergeStringData(parsed);
        }

        return (resource, parsed);
    }

    public static string? StringAt(JsonObject json, string property) =>
        json[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The object as a list holds it: list items carry no kind or apiVersion.</summary>
    public static JsonObject AsListItem(JsonObject stored)
    {
        var item = (JsonObject)stored.DeepClone();
        item.Remove("kind");
        item.Remove("apiVersion");
        return item;
    }

    private static JsonObject Metadata(string name, string @namespace, string? uid, IReadOnlyDictionary<string, string>? annotations)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = @namespace };
        if (!string.IsNullOrEmpty(uid))
        {
            metadata["uid"] = uid;
        }

        if (annotations is { Count: > 0 })
        {
            var map = new JsonObject();
            foreach (var (key, value) in annotations.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                map[key] = value;
            }

            metadata["annotations"] = map;
        }

        return metadata;
    }

    private static JsonObject Base64Map(DataMap data)
    {
        var map = new JsonObject();
        foreach (var (key, value) in data)
        {
            map[key] = Convert.ToBase64String(value.Span);
        }

        return map;
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
