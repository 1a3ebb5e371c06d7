namespace SecretProjection.Model;

/// <summary>The kinds of object whose data pods consume: the kind's name is its <c>kind</c> in the API.</summary>
public enum ObjectKind
{
    /// <summary>A <see cref="Model.Secret"/>.</summary>
    Secret,

    /// <summary>A <see cref="Model.ConfigMap"/>.</summary>
    ConfigMap,
}
