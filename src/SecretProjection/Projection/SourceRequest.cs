using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.Projection;

/// <summary>One Secret or ConfigMap that a volume reads, with the spec fields that name it.</summary>
/// <param name="Kind">The kind of object.</param>
/// <param name="Name">The object name.</param>
/// <param name="Items">The keys to project; every key when empty.</param>
/// <param name="Optional">Whether the object and its listed keys may be missing.</param>
/// <param name="NameField">The spec field that names the object.</param>
/// <param name="ItemsField">The spec field of the items.</param>
internal sealed record SourceRequest(ObjectKind Kind, string Name, IReadOnlyList<KeyToPath> Items, bool Optional, FieldPath NameField, FieldPath ItemsField)
{
    /// <summary>The kubelet's word for the kind in its messages.</summary>
    public string LowerKind => Kind.Resource();

    /// <summary>The kubelet's message for a listed key the object lacks.</summary>
    public string MissingKeyMessage(string key) =>
        Kind == ObjectKind.Secret ? "references non-existent secret key: " + key : "configmap references non-existent config key: " + key;
}
