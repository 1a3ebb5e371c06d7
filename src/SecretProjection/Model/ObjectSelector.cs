namespace SecretProjection.Model;

/// <summary>A reference to a whole Secret or ConfigMap in the pod's namespace.</summary>
/// <param name="Name">The object name.</param>
/// <param name="Optional">Whether the object may be missing.</param>
public sealed record ObjectSelector(string Name, bool Optional = false);
