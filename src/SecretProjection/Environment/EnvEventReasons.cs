namespace SecretProjection.Environment;

/// <summary>
/// The reasons of <see cref="EnvEvent"/>: the kubelet's for invalid names, virtual-kubelet's for optional
/// references that are missing, and one of this library's for sources it cannot resolve without a node.
/// </summary>
public static class EnvEventReasons
{
    /// <summary><c>envFrom</c> keys skipped under strict names (the kubelet's reason).</summary>
    public const string InvalidEnvironmentVariableNames = "InvalidEnvironmentVariableNames";

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
