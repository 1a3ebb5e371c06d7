using SecretProjection.Model;

namespace SecretProjection.Sources;

/// <summary>Names one Secret or ConfigMap.</summary>
/// <param name="Kind">The kind of object.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The object name.</param>
public readonly record struct ObjectReference(ObjectKind Kind, string Namespace, string Name)
{
    /// <summary><c>Secret ns/name</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind + " " + Namespace + "/" + Name;
}
