namespace SecretProjection.Testing.ApiServer;

/// <summary>One change in the server's history, with its watch line ready to send.</summary>
/// <param name="ResourceVersion">The resourceVersion the change was stamped with.</param>
/// <param name="Resource">The kind of object changed.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="Line">The watch event, <c>{"type":"MODIFIED","object":{...}}</c>, without its newline.</param>
/// <param name="NodeName">A pod's <c>spec.nodeName</c>, for field selectors on it.</param>
internal sealed record StoredEvent(long ResourceVersion, ApiResource Resource, string Namespace, string Name, string Line, string? NodeName = null);
