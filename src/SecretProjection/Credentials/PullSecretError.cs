using SecretProjection.Validation;

namespace SecretProjection.Credentials;

/// <summary>
/// A pull secret the kubelet cannot read. The kubelet then fails every image pull of the pod that needs its
/// keyring, so this is an error, not a warning.
/// </summary>
public sealed record PullSecretError
{
    /// <summary>Initializes a new instance of the <see cref="PullSecretError"/> record.</summary>
    /// <param name="secret">The secret, <c>namespace/name</c>.</param>
    /// <param name="kind">What is wrong.</param>
    /// <param name="error">Where and why, as a field error without the offending value (it is secret).</param>
    public PullSecretError(string secret, PullSecretErrorKind kind, FieldError error)
    {
        Secret = secret;
        Kind = kind;
        Error = error;
    }

    /// <summary>The secret, <c>namespace/name</c>.</summary>
    public string Secret { get; }

    /// <summary>What is wrong.</summary>
    public PullSecretErrorKind Kind { get; }

    /// <summary>Where and why, as a field error without the offending value (it is secret).</summary>
    public FieldError Error { get; }

    /// <summary><c>secret "ns/name": data[.dockerconfigjson].auths[r].auth: Invalid value: …</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"secret \"{Secret}\": {Error}";
}
