namespace SecretProjection.Kubernetes.Manifests;

/// <summary>One object read from a manifest, in input order.</summary>
/// <param name="Kind">The kind (<c>Secret</c>, <c>Pod</c>, …).</param>
/// <param name="QualifiedName"><c>namespace/name</c>.</param>
/// <param name="Source">The file it came from.</param>
/// <param name="Line">The line where it starts.</param>
/// <param name="Model">The model object (<see cref="Model.Secret"/>, <see cref="Model.Pod"/>, …), or <see langword="null"/> for a kind this library skips.</param>
public sealed record ManifestObject(string Kind, string QualifiedName, string Source, int Line, object? Model);
