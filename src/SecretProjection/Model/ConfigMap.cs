using System.Diagnostics;

namespace SecretProjection.Model;

/// <summary>A Kubernetes ConfigMap: a projection source beside Secrets, for volumes and environment.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record ConfigMap
{
    /// <summary>The object name.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace. Default: <c>default</c>.</summary>
    /// <remarks>Shared with the other objects of the namespace (a cache holds one copy).</remarks>
    public string Namespace { get; init => field = InternPool.Intern(value); } = ObjectDefaults.Namespace;

    /// <summary>The UTF-8 entries (<c>data</c>). Default: empty.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = ObjectDefaults.NoStrings;

    /// <summary>The binary entries (<c>binaryData</c>). Default: empty.</summary>
    public DataMap BinaryData { get; init; } = DataMap.Empty;

    /// <summary>Whether the ConfigMap is immutable. Default: <see langword="false"/>.</summary>
    public bool Immutable { get; init; }

    /// <summary>The object's resourceVersion, when known.</summary>
    /// <remarks>Kept compact (<see cref="CompactResourceVersion"/>): reading it makes a new string.</remarks>
    public string? ResourceVersion { get => ResourceVersionValue.ToString(); init => ResourceVersionValue = CompactResourceVersion.From(value); }

    /// <summary>The resourceVersion as it is kept, compared without a string.</summary>
    internal CompactResourceVersion ResourceVersionValue { get; private init; }

    /// <summary><c>namespace/name</c>.</summary>
    public string QualifiedName => Namespace + "/" + Name;

    /// <summary>Describes the ConfigMap by its key names and sizes.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"ConfigMap {QualifiedName} data [{string.Join(", ", Data.Keys.Order(StringComparer.Ordinal))}] binaryData {BinaryData}";
}
