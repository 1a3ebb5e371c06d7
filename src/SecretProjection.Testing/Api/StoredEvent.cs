namespace SecretProjection.Testing.Api;

/// <summary>One change in the history: <c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>, the object as the change left it
/// (a deletion: its last state, stamped with the deletion's resourceVersion), and the version before (none when added).</summary>
internal sealed class StoredEvent(string type, ApiObject item, ApiObject? previous)
{
    public string Type { get; } = type;

    public ApiObject Object { get; } = item;

    public ApiObject? Previous { get; } = previous;

    public long ResourceVersion => Object.ResourceVersion;

    public ObjectKey Key => Object.Key;
}
