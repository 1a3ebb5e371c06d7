using SecretProjection.Model;

namespace SecretProjection.Sources;

/// <summary>Names one Secret or ConfigMap.</summary>
public readonly record struct ObjectReference
{
    /// <summary>Initializes a new instance of the <see cref="ObjectReference"/> struct.</summary>
    /// <param name="kind">The kind of object.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The object name.</param>
    public ObjectReference(ObjectKind kind, string @namespace, string name)
    {
        Kind = kind;
        Namespace = @namespace;
        Name = name;
    }

    /// <summary>The kind of object.</summary>
    public ObjectKind Kind { get; }

    /// <summary>The namespace.</summary>
    public string Namespace { get; }

    /// <summary>The object name.</summary>
    public string Name { get; }

    /// <summary><c>Secret ns/name</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind + " " + Namespace + "/" + Name;
}
