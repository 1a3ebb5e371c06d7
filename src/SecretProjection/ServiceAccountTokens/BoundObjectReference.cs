namespace SecretProjection.ServiceAccountTokens;

/// <summary>The object a token is bound to (<c>authentication/v1 BoundObjectReference</c>): for a projected token, the pod.</summary>
/// <param name="Kind">The kind: <c>Pod</c>.</param>
/// <param name="ApiVersion">The API version: <c>v1</c>.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Uid">The object's uid.</param>
public sealed record BoundObjectReference(string Kind, string ApiVersion, string Name, string Uid);
