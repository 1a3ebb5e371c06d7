namespace SecretProjection.Model;

/// <summary>
/// The kinds of object whose data pods consume: the kind's name is its <c>kind</c> in the API. Object managers
/// watch Secrets and ConfigMaps; the other kinds are where a planned file's bytes come from.
/// </summary>
public enum ObjectKind
{
    /// <summary>A <see cref="Model.Secret"/>.</summary>
    Secret,

    /// <summary>A <see cref="Model.ConfigMap"/>.</summary>
    ConfigMap,

    /// <summary>The <see cref="Model.Pod"/> itself: a Downward API file.</summary>
    Pod,

    /// <summary>A <see cref="Model.ServiceAccount"/>: a token the API server issues for it.</summary>
    ServiceAccount,

    /// <summary>A <see cref="Model.ClusterTrustBundle"/>: its certificates.</summary>
    ClusterTrustBundle,
}
