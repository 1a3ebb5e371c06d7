namespace SecretProjection.DownwardApi;

/// <summary>The value of a Downward API field, the kubelet's error for it, or the field that only a node knows.</summary>
internal readonly record struct DownwardValue
{
    private DownwardValue(string? value, string? error, string? nodeOnly)
    {
        Value = value;
        Error = error;
        NodeOnly = nodeOnly;
    }

    /// <summary>The value, when there is one.</summary>
    public string? Value { get; }

    /// <summary>The kubelet's error, when the field has no value.</summary>
    public string? Error { get; }

    /// <summary>The field (<c>status.hostIP</c>, <c>limits.cpu</c>, …) that only a node knows, when neither is known here.</summary>
    public string? NodeOnly { get; }

    /// <summary>Whether there is a value.</summary>
    public bool HasValue => Value is not null;

    /// <summary>A value.</summary>
    public static DownwardValue Of(string value) => new(value, null, null);

    /// <summary>An error, with the kubelet's message.</summary>
    public static DownwardValue Failed(string error) => new(null, error, null);

    /// <summary>A field that only a node (or the API server) knows.</summary>
    public static DownwardValue KnownOnNode(string field) => new(null, null, field);
}
