namespace SecretProjection.Model;

/// <summary>The part of a ServiceAccount that matters for Secrets: the pull secrets it attaches to pods.</summary>
public sealed record ServiceAccount
{
    /// <summary>The object name.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace. Default: <c>default</c>.</summary>
    public string Namespace { get; init; } = ObjectDefaults.Namespace;

    /// <summary>The names of its image pull secrets, in order. Default: none.</summary>
    public IReadOnlyList<string> ImagePullSecrets { get; init; } = [];
}
