using SecretProjection.Projection;

namespace SecretProjection.Caching;

/// <summary>Names one Secret or ConfigMap.</summary>
/// <param name="Kind"><see cref="FileSource.SecretKind"/> or <see cref="FileSource.ConfigMapKind"/>.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The object name.</param>
public readonly record struct ObjectReference(string Kind, string Namespace, string Name)
{
    /// <summary><c>Secret ns/name</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind + " " + Namespace + "/" + Name;
}
