using System.Text.Json.Nodes;
using SecretProjection.Model;

namespace SecretProjection.Testing.Api;

/// <summary>
/// The conversion between a kind's model object and the API server's JSON, for the kinds the in-memory sources
/// serve as model objects: a Secret or ConfigMap put as a model object is served as JSON (base64 <c>data</c>,
/// fields in Go's order), and one put as JSON is served to an in-memory source as a model object.
/// </summary>
internal interface IApiCodec
{
    /// <summary>The object's namespace and name.</summary>
    (string Namespace, string Name) KeyOf(object value);

    /// <summary>The object's uid, when the model has one and it is set.</summary>
    string? UidOf(object value);

    /// <summary>The object as stored: its resourceVersion and (when the model has one) its uid set.</summary>
    object Stamp(object value, string resourceVersion, string uid);

    /// <summary>The stored model object as the API server writes it.</summary>
    JsonObject ToJson(object value, string uid, string creationTimestamp);

    /// <summary>The model object of a stored JSON object.</summary>
    object FromJson(JsonObject json);
}

/// <summary>The codecs of the model kinds.</summary>
internal static class ApiCodecs
{
    public static readonly IApiCodec Secrets = new SecretCodec();

    public static readonly IApiCodec ConfigMaps = new ConfigMapCodec();

    private static JsonObject Metadata(string name, string @namespace, string uid, string? resourceVersion, string creationTimestamp, IReadOnlyDictionary<string, string>? annotations)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = @namespace, ["uid"] = uid, ["resourceVersion"] = resourceVersion, ["creationTimestamp"] = creationTimestamp };
        if (annotations is { Count: > 0 })
        {
            metadata["annotations"] = StringMap(annotations);
        }

        return metadata;
    }

    private static JsonObject StringMap(IEnumerable<KeyValuePair<string, string>> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }

        return json;
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

    private static DataMap FromBase64Map(JsonNode? node) =>
        node is JsonObject map
            ? DataMap.Create(map.Select(e => KeyValuePair.Create(e.Key, Convert.FromBase64String(e.Value?.GetValue<string>() ?? string.Empty))))
            : DataMap.Empty;

    private static Dictionary<string, string> FromStringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.ToDictionary(e => e.Key, e => e.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static (string Name, string Namespace, string? Uid, string? ResourceVersion) MetadataOf(JsonObject json)
    {
        var metadata = (JsonObject)json["metadata"]!;
        return (ApiJson.StringAt(metadata, "name")!, ApiJson.StringAt(metadata, "namespace") ?? ApiJson.DefaultNamespace, ApiJson.StringAt(metadata, "uid"), ApiJson.StringAt(metadata, "resourceVersion"));
    }

    private sealed class SecretCodec : IApiCodec
    {
        public (string Namespace, string Name) KeyOf(object value) => (((Secret)value).Namespace, ((Secret)value).Name);

        public string? UidOf(object value) => ((Secret)value).Uid;

        public object Stamp(object value, string resourceVersion, string uid) => (Secret)value with { ResourceVersion = resourceVersion, Uid = uid };

        public JsonObject ToJson(object value, string uid, string creationTimestamp)
        {
            var secret = (Secret)value;
            var json = new JsonObject
            {
                ["kind"] = "Secret",
                ["apiVersion"] = "v1",
                ["metadata"] = Metadata(secret.Name, secret.Namespace, uid, secret.ResourceVersion, creationTimestamp, secret.Annotations),
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

        public object FromJson(JsonObject json)
        {
            var (name, ns, uid, resourceVersion) = MetadataOf(json);
            return new Secret
            {
                Name = name,
                Namespace = ns,
                Uid = uid,
                ResourceVersion = resourceVersion,
                Type = ApiJson.StringAt(json, "type") ?? SecretTypes.Opaque,
                Immutable = json["immutable"] is JsonValue immutable && immutable.GetValue<bool>(),
                Data = FromBase64Map(json["data"]),
                Annotations = FromStringMap(json["metadata"]!["annotations"]),
            };
        }
    }

    private sealed class ConfigMapCodec : IApiCodec
    {
        public (string Namespace, string Name) KeyOf(object value) => (((ConfigMap)value).Namespace, ((ConfigMap)value).Name);

        public string? UidOf(object value) => null;

        public object Stamp(object value, string resourceVersion, string uid) => (ConfigMap)value with { ResourceVersion = resourceVersion };

        public JsonObject ToJson(object value, string uid, string creationTimestamp)
        {
            var configMap = (ConfigMap)value;
            var json = new JsonObject
            {
                ["kind"] = "ConfigMap",
                ["apiVersion"] = "v1",
                ["metadata"] = Metadata(configMap.Name, configMap.Namespace, uid, configMap.ResourceVersion, creationTimestamp, annotations: null),
            };
            if (configMap.Immutable)
            {
                json["immutable"] = true;
            }

            if (configMap.Data.Count > 0)
            {
                json["data"] = StringMap(configMap.Data);
            }

            if (configMap.BinaryData.Count > 0)
            {
                json["binaryData"] = Base64Map(configMap.BinaryData);
            }

            return json;
        }

        public object FromJson(JsonObject json)
        {
            var (name, ns, _, resourceVersion) = MetadataOf(json);
            return new ConfigMap
            {
                Name = name,
                Namespace = ns,
                ResourceVersion = resourceVersion,
                Immutable = json["immutable"] is JsonValue immutable && immutable.GetValue<bool>(),
                Data = FromStringMap(json["data"]),
                BinaryData = FromBase64Map(json["binaryData"]),
            };
        }
    }
}
