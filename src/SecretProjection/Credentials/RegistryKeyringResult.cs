namespace SecretProjection.Credentials;

/// <summary>A keyring and the pull secrets that could not be read into it.</summary>
public sealed class RegistryKeyringResult
{
    /// <summary>Initializes a new instance of the <see cref="RegistryKeyringResult"/> class.</summary>
    /// <param name="keyring">The keyring of the readable secrets.</param>
    /// <param name="errors">One error per unreadable secret, in order. The kubelet fails image pulls when there is any.</param>
    public RegistryKeyringResult(RegistryKeyring keyring, IReadOnlyList<PullSecretError> errors)
    {
        Keyring = keyring;
        Errors = errors;
    }

    /// <summary>The keyring of the readable secrets.</summary>
    public RegistryKeyring Keyring { get; }

    /// <summary>One error per unreadable secret, in order. The kubelet fails image pulls when there is any.</summary>
    public IReadOnlyList<PullSecretError> Errors { get; }
}
