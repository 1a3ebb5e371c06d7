namespace SecretProjection.Credentials;

/// <summary>Where the pod's effective pull-secret list comes from.</summary>
public enum PullSecretSource
{
    /// <summary>Neither the pod nor its ServiceAccount names any.</summary>
    None,

    /// <summary>The pod's own <c>spec.imagePullSecrets</c>.</summary>
    Pod,

    /// <summary>
    /// The ServiceAccount's <c>imagePullSecrets</c>: the ServiceAccount admission plugin copies them into a pod
    /// that lists none (and only then).
    /// </summary>
    ServiceAccount,
}
