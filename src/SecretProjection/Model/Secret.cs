using System.Diagnostics;

namespace SecretProjection.Model;

/// <summary>
/// A Kubernetes Secret as the API server stores it: <c>stringData</c> already merged into <see cref="Data"/>.
/// </summary>
/// <remarks><see cref="ToString"/> shows key names and byte counts, never values.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record Secret
{
    /// <summary>The object name.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace. Default: <c>default</c>.</summary>
    /// <remarks>Shared with the other objects of the namespace (a cache holds one copy).</remarks>
    public string Namespace { get; init => field = InternPool.Intern(value); } = ObjectDefaults.Namespace;

    /// <summary>The type. Default: <see cref="SecretTypes.Opaque"/>, as the API server defaults an empty type.</summary>
    /// <remarks>Shared with the other Secrets of the type (a cache holds one copy).</remarks>
    public string Type { get; init => field = InternPool.Intern(value); } = SecretTypes.Opaque;

    /// <summary>The data, key to bytes. Default: empty.</summary>
    public DataMap Data { get; init; } = DataMap.Empty;

    /// <summary>Whether the Secret is immutable. Default: <see langword="false"/>.</summary>
    public bool Immutable { get; init; }

    /// <summary>The object's uid, when known.</summary>
    /// <remarks>Kept compact (<see cref="CompactIdentity"/>): reading it makes a new string.</remarks>
    public string? Uid { get => Identity.Uid; init => Identity = Identity.WithUid(value); }

    /// <summary>The object's resourceVersion, when known.</summary>
    /// <remarks>Kept compact (<see cref="CompactIdentity"/>): reading it makes a new string.</remarks>
    public string? ResourceVersion { get => Identity.ResourceVersion.ToString(); init => Identity = Identity.WithResourceVersion(value); }

    /// <summary>The resourceVersion as it is kept, compared without a string.</summary>
    internal CompactResourceVersion ResourceVersionValue => Identity.ResourceVersion;

    /// <summary>The uid and resourceVersion as they are kept.</summary>
    internal CompactIdentity Identity { get; private init; }

    /// <summary>The annotations. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = ObjectDefaults.NoLabels;

    /// <summary><c>namespace/name</c>, as the kubelet names objects in its messages.</summary>
    public string QualifiedName => Namespace + "/" + Name;

    /// <summary>Describes the Secret without its values.</summary>
    /// <returns><c>Secret ns/name (type) {key: N B, ...}</c>.</returns>
    public override string ToString() =>
        $"Secret {QualifiedName} ({Type}{(Immutable ? ", immutable" : string.Empty)}) {Data}";
}
