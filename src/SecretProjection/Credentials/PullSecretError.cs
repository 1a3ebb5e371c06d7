using SecretProjection.Validation;

namespace SecretProjection.Credentials;

/// <summary>
/// A pull secret the kubelet cannot read. The kubelet then fails every image pull of the pod that needs its
/// keyring, so this is an error, not a warning.
/// </summary>
/// <param name="Secret">The secret, <c>namespace/name</c>.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Error">Where and why, as a field error without the offending value (it is secret).</param>
public sealed record PullSecretError(string Secret, PullSecretErrorKind Kind, FieldError Error)
{
    /// <summary><c>secret "ns/name": data[.dockerconfigjson].auths[r].auth: Invalid value: …</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"secret \"{Secret}\": {Error}";
}
