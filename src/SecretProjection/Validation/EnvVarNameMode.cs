namespace SecretProjection.Validation;

/// <summary>Which rule environment-variable names follow.</summary>
public enum EnvVarNameMode
{
    /// <summary>
    /// Kubelets from v1.30 on: names taken from <c>envFrom</c> are not checked and nothing is reported (KEP-4369
    /// moved the rule, any printable ASCII except <c>=</c>, to the API server's pod validation). The default.
    /// </summary>
    Relaxed,

    /// <summary>
    /// <c>[-._a-zA-Z][-._a-zA-Z0-9]*</c> (apimachinery <c>IsEnvVarName</c>): kubelets before v1.30 skip and
    /// report <c>envFrom</c> keys that break it.
    /// </summary>
    Strict,
}
