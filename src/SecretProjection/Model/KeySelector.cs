namespace SecretProjection.Model;

/// <summary>A reference to one key of a Secret or ConfigMap in the pod's namespace.</summary>
/// <param name="Name">The object name.</param>
/// <param name="Key">The key.</param>
/// <param name="Optional">Whether the object or key may be missing.</param>
public sealed record KeySelector(string Name, string Key, bool Optional = false);
