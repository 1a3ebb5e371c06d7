namespace SecretProjection.Environment;

/// <summary>
/// The reasons of <see cref="Model.PodEvent"/>: the kubelet's for invalid names, virtual-kubelet's for optional
/// references that are missing, the kubelet's <c>Failed</c> for a container it cannot create, and one of this library's for sources it cannot resolve without a node.
/// </summary>
public static class EnvEventReasons
{
    /// <summary><c>envFrom</c> keys skipped under strict names (the kubelet's reason).</summary>
    public const string InvalidEnvironmentVariableNames = "InvalidEnvironmentVariableNames";

    /// <summary>
    /// The container cannot be created (the kubelet's <c>events.FailedToCreateContainer</c>); the message is
    /// <c>Error: </c> followed by the <see cref="ContainerStartError"/> message.
    /// </summary>
    public const string Failed = "Failed";

    /// <summary>An optional Secret that does not exist.</summary>
    public const string OptionalSecretNotFound = "OptionalSecretNotFound";

    /// <summary>An optional key that a Secret does not have.</summary>
    public const string OptionalSecretKeyNotFound = "OptionalSecretKeyNotFound";

    /// <summary>An optional ConfigMap that does not exist.</summary>
    public const string OptionalConfigMapNotFound = "OptionalConfigMapNotFound";

    /// <summary>An optional key that a ConfigMap does not have.</summary>
    public const string OptionalConfigMapKeyNotFound = "OptionalConfigMapKeyNotFound";

    /// <summary>
    /// A <c>fieldRef</c>, <c>resourceFieldRef</c> or <c>fileKeyRef</c> whose value only a node knows; the
    /// variable is left out.
    /// </summary>
    public const string UnresolvedEnvironmentSource = "UnresolvedEnvironmentSource";
}
