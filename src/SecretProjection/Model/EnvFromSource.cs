namespace SecretProjection.Model;

/// <summary>One <c>envFrom</c> entry: all keys of a Secret or ConfigMap, each name prefixed.</summary>
public sealed record EnvFromSource
{
    /// <summary>The prefix prepended to every key. Default: empty.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary><c>secretRef</c>.</summary>
    public ObjectSelector? SecretRef { get; init; }

    /// <summary><c>configMapRef</c>.</summary>
    public ObjectSelector? ConfigMapRef { get; init; }
}
