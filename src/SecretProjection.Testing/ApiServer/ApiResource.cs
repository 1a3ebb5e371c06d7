namespace SecretProjection.Testing.ApiServer;

/// <summary>A kind the loopback server serves under <c>/api/v1/namespaces/NS/RESOURCE</c>.</summary>
/// <param name="Kind">The object kind: <c>Secret</c>.</param>
/// <param name="Resource">The path segment: <c>secrets</c>.</param>
internal sealed record ApiResource(string Kind, string Resource)
{
    public static readonly ApiResource Secrets = new("Secret", "secrets");

    public static readonly ApiResource ConfigMaps = new("ConfigMap", "configmaps");

    public static readonly ApiResource Pods = new("Pod", "pods");

    private static readonly ApiResource[] All = [Secrets, ConfigMaps, Pods];

    /// <summary>The kind of the list answer: <c>SecretList</c>.</summary>
    public string ListKind => Kind + "List";

    public static ApiResource? FromKind(string? kind) => Array.Find(All, r => r.Kind == kind);

    public static ApiResource? FromPath(string? resource) => Array.Find(All, r => r.Resource == resource);
}
