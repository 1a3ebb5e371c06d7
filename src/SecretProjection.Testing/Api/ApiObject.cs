using System.Text.Json.Nodes;

namespace SecretProjection.Testing.Api;

/// <summary>
/// One stored version of an object, never changed once stored: a model object (put by an in-memory source or
/// <see cref="ApiServerState.PutSecret"/>) or JSON (put as JSON), each converted to the other when first asked for,
/// and kept. Read under the state's lock only: a JSON node is not safe to read from two threads at once.
/// </summary>
internal sealed class ApiObject
{
    private JsonObject? _json;
    private object? _model;
    private string? _text;
    private IReadOnlyDictionary<string, string>? _labels;

    public ApiObject(ApiResource resource, string @namespace, string name, long resourceVersion, string uid, string creationTimestamp, JsonObject? json, object? model)
    {
        Resource = resource;
        Namespace = @namespace;
        Name = name;
        ResourceVersion = resourceVersion;
        Uid = uid;
        CreationTimestamp = creationTimestamp;
        _json = json;
        _model = model;
    }

    public ApiResource Resource { get; }

    /// <summary>The namespace; empty for a cluster-scoped object.</summary>
    public string Namespace { get; }

    public string Name { get; }

    public long ResourceVersion { get; }

    public string Uid { get; }

    public string CreationTimestamp { get; }

    public ObjectKey Key => new(Resource, Namespace, Name);

    /// <summary>The object as the API server writes it (at its resource's first version).</summary>
    public JsonObject Json => _json ??= Resource.Codec!.ToJson(_model!, Uid, CreationTimestamp);

    /// <summary>The model object (Secrets and ConfigMaps only).</summary>
    public object Model => _model ??= Resource.Codec!.FromJson(Json);

    /// <summary>The JSON text of the object.</summary>
    public string Text => _text ??= ApiJson.Serialize(Json);

    public IReadOnlyDictionary<string, string> Labels => _labels ??= ApiJson.Labels(Json);

    /// <summary>The object at another version of its resource: the same fields under another apiVersion.</summary>
    public JsonObject JsonAt(string version)
    {
        if (version == Resource.Versions[0])
        {
            return Json;
        }

        var json = (JsonObject)Json.DeepClone();
        json["apiVersion"] = Resource.ApiVersion(version);
        return json;
    }

    /// <summary>The JSON text of the object at a version of its resource.</summary>
    public string TextAt(string version) => version == Resource.Versions[0] ? Text : ApiJson.Serialize(JsonAt(version));

    /// <summary>The value of a field label (<c>metadata.name</c>, <c>spec.nodeName</c>), as field selectors compare it.</summary>
    public string FieldValue(string field) => field switch
    {
        "metadata.name" => Name,
        "metadata.namespace" => Namespace,
        _ => ApiJson.TextAt(Json, field) ?? string.Empty,
    };

    /// <summary>This object stamped with another resourceVersion: its last state, as a deletion's event carries it.</summary>
    public ApiObject WithResourceVersion(long resourceVersion)
    {
        var text = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_model is not null)
        {
            return new ApiObject(Resource, Namespace, Name, resourceVersion, Uid, CreationTimestamp, json: null, Resource.Codec!.Stamp(_model, text, Uid));
        }

        var json = (JsonObject)Json.DeepClone();
        ((JsonObject)json["metadata"]!)["resourceVersion"] = text;
        return new ApiObject(Resource, Namespace, Name, resourceVersion, Uid, CreationTimestamp, json, model: null);
    }
}

/// <summary>Where an object is stored: its resource, namespace (empty when cluster-scoped) and name.</summary>
internal readonly record struct ObjectKey(ApiResource Resource, string Namespace, string Name);
