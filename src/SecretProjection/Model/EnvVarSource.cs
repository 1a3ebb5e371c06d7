namespace SecretProjection.Model;

/// <summary><c>env[].valueFrom</c>: exactly one of its members is set.</summary>
public sealed record EnvVarSource
{
    /// <summary><c>secretKeyRef</c>.</summary>
    public KeySelector? SecretKeyRef { get; init; }

    /// <summary><c>configMapKeyRef</c>.</summary>
    public KeySelector? ConfigMapKeyRef { get; init; }

    /// <summary><c>fieldRef.fieldPath</c> (the Downward API), when that is the source.</summary>
    public string? FieldPath { get; init; }

    /// <summary><c>resourceFieldRef</c>, when that is the source.</summary>
    public ResourceFieldSelector? ResourceFieldRef { get; init; }

    /// <summary>The name of a source this library does not resolve (<c>resourceFieldRef</c>, <c>fileKeyRef</c>), when that is the source.</summary>
    public string? UnsupportedKind { get; init; }
}
