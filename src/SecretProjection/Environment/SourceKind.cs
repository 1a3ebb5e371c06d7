namespace SecretProjection.Environment;

/// <summary>The kind of object an environment reference reads.</summary>
internal enum SourceKind
{
    Secret,
    ConfigMap,
}
