using System.Text;

namespace SecretProjection.Credentials;

/// <summary>
/// One registry entry of a pull secret, as the kubelet's keyring holds it: the registry as written in the
/// secret, the keyring key it was indexed under, and the user name and password it sends.
/// </summary>
/// <remarks><see cref="ToString"/> and record printing never show <see cref="Username"/> or <see cref="Password"/>: both come from inside the secret's value.</remarks>
public sealed class RegistryCredential
{
    internal RegistryCredential()
    {
    }

    /// <summary>The registry key exactly as written in the secret (<c>https://index.docker.io/v1/</c>, <c>*.example.com</c>, …).</summary>
    public string Registry { get; internal init; } = string.Empty;

    /// <summary>
    /// The keyring key the kubelet indexes the entry under: scheme removed, a leading <c>/v1/</c> or <c>/v2/</c>
    /// path dropped, <c>host[:port][/path]</c>.
    /// </summary>
    public string Key { get; internal init; } = string.Empty;

    /// <summary>The user name. Default: empty.</summary>
    public string Username { get; internal init; } = string.Empty;

    /// <summary>The password. A secret: never printed. Default: empty.</summary>
    public string Password { get; internal init; } = string.Empty;

    /// <summary>The e-mail address, when given. Default: empty.</summary>
    public string Email { get; internal init; } = string.Empty;

    /// <summary>The pull secret the entry comes from, <c>namespace/name</c>.</summary>
    public string Secret { get; internal init; } = string.Empty;

    /// <summary>Describes the entry without its user name and password.</summary>
    /// <returns><c>RegistryCredential { Registry = …, Key = …, Username = (redacted, N chars), Password = (redacted, N chars), … }</c>.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder("RegistryCredential { ");
        PrintMembers(builder);
        return builder.Append(" }").ToString();
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Registry = ").Append(Registry)
            .Append(", Key = ").Append(Key)
            .Append(", Username = (redacted, ").Append(Username.Length).Append(" chars)")
            .Append(", Password = (redacted, ").Append(Password.Length).Append(" chars)")
            .Append(", Secret = ").Append(Secret);
        return true;
    }
}
