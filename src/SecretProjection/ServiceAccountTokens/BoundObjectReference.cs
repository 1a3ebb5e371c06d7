namespace SecretProjection.ServiceAccountTokens;

/// <summary>The object a token is bound to (<c>authentication/v1 BoundObjectReference</c>): for a projected token, the pod.</summary>
public sealed record BoundObjectReference
{
    /// <summary>Initializes a new instance of the <see cref="BoundObjectReference"/> record.</summary>
    /// <param name="kind">The kind: <c>Pod</c>.</param>
    /// <param name="apiVersion">The API version: <c>v1</c>.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="uid">The object's uid.</param>
    public BoundObjectReference(string kind, string apiVersion, string name, string uid)
    {
        Kind = kind;
        ApiVersion = apiVersion;
        Name = name;
        Uid = uid;
    }

    /// <summary>The kind: <c>Pod</c>.</summary>
    public string Kind { get; }

    /// <summary>The API version: <c>v1</c>.</summary>
    public string ApiVersion { get; }

    /// <summary>The object's name.</summary>
    public string Name { get; }

    /// <summary>The object's uid.</summary>
    public string Uid { get; }
}
