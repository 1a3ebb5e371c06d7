namespace SecretProjection.Environment;

/// <summary>Why a container's environment cannot be built.</summary>
public enum EnvErrorKind
{
    /// <summary>A mandatory Secret does not exist.</summary>
    SecretNotFound,

    /// <summary>A mandatory key is not in its Secret.</summary>
    SecretKeyNotFound,

    /// <summary>Reading a Secret failed for another reason than not-found (even for an optional reference).</summary>
    SecretLookupFailed,

    /// <summary>A mandatory ConfigMap does not exist.</summary>
    ConfigMapNotFound,

    /// <summary>A mandatory key is not in its ConfigMap.</summary>
    ConfigMapKeyNotFound,

    /// <summary>Reading a ConfigMap failed for another reason than not-found (even for an optional reference).</summary>
    ConfigMapLookupFailed,

    /// <summary>
    /// The environment grew past <see cref="EnvResolverOptions.MaxEnvironmentLength"/>, as a chain of
    /// <c>$(VAR)</c> references that doubles at each step does; the runtime could not start such a process.
    /// </summary>
    EnvironmentTooLarge,

    /// <summary>
    /// The kubelet cannot read a <c>fieldRef</c> or <c>resourceFieldRef</c>: an unsupported path or version, an
    /// invalid subscript, an unknown resource or container.
    /// </summary>
    DownwardApiFailed,
}
