namespace SecretProjection.Credentials;

/// <summary>A keyring and the pull secrets that could not be read into it.</summary>
/// <param name="Keyring">The keyring of the readable secrets.</param>
/// <param name="Errors">One error per unreadable secret, in order. The kubelet fails image pulls when there is any.</param>
public sealed record RegistryKeyringResult(RegistryKeyring Keyring, IReadOnlyList<PullSecretError> Errors);
