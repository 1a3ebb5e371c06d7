namespace SecretProjection.Validation;

/// <summary>Which rule environment-variable names follow.</summary>
public enum EnvVarNameMode
{
    /// <summary>
    /// Any printable ASCII except <c>=</c> (KEP-4369, GA in Kubernetes 1.34): the kubelet no longer checks
    /// names taken from <c>envFrom</c>. The default.
    /// </summary>
    Relaxed,

    /// <summary>
    /// <c>[-._a-zA-Z][-._a-zA-Z0-9]*</c> (apimachinery <c>IsEnvVarName</c>): the older kubelet skips and reports
    /// <c>envFrom</c> keys that break it.
    /// </summary>
    Strict,
}
