namespace SecretProjection.Model;

/// <summary><c>fieldRef</c>: a field of the pod, by path (the Downward API).</summary>
public sealed record ObjectFieldSelector
{
    /// <summary>The field path: <c>metadata.name</c>, <c>metadata.labels['key']</c>, <c>status.podIP</c>, ….</summary>
    public required string FieldPath { get; init; }

    /// <summary>The schema version the path is written in. Default: <c>v1</c>, as the API server defaults it.</summary>
    public string ApiVersion { get; init; } = "v1";
}
