using System.Text;
using SecretProjection.Model;

namespace SecretProjection.Credentials;

/// <summary>
/// The kubelet's keyring built from pull secrets (<c>BasicDockerKeyring</c> in
/// <c>pkg/credentialprovider/keyring.go</c>): entries indexed by key, the keys searched in reverse byte
/// order so that a longer path under the same host comes first, every matching key's entries returned in
/// the order the kubelet tries them.
/// </summary>
/// <remarks>
/// Only pull secrets are modelled; a node's own credentials (its docker config files and credential-provider
/// plugins), which the kubelet tries after these, are not.
/// </remarks>
public sealed class RegistryKeyring
{
    /// <summary>The keyring key of Docker Hub credentials (<c>https://index.docker.io/v1/</c>).</summary>
    internal const string DefaultRegistryKey = "index.docker.io";

    private static readonly Comparer<string> ReverseByteOrder = Comparer<string>.Create(
        (a, b) => Encoding.UTF8.GetBytes(b).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(a)));

    private readonly string[] _index;
    private readonly Dictionary<string, List<RegistryCredential>> _credentials;

    private RegistryKeyring(IEnumerable<RegistryCredential> entries)
    {
        _credentials = new Dictionary<string, List<RegistryCredential>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!_credentials.TryGetValue(entry.Key, out var list))
            {
                _credentials[entry.Key] = list = [];
            }

            list.Add(entry);
        }

        _index = [.. _credentials.Keys];
        Array.Sort(_index, ReverseByteOrder);
    }

    /// <summary>The keys in search order.</summary>
    public IReadOnlyList<string> Keys => _index;

    /// <summary>
    /// Builds the keyring from pull secrets in order. Secrets of other types are skipped, as the kubelet
    /// skips them; a secret that cannot be read is reported and left out.
    /// </summary>
    /// <param name="pullSecrets">The pull secrets, in the pod's order.</param>
    /// <returns>The keyring and the unreadable secrets.</returns>
    public static RegistryKeyringResult Build(IEnumerable<Secret> pullSecrets)
    {
        ArgumentNullException.ThrowIfNull(pullSecrets);
        var entries = new List<RegistryCredential>();
        var errors = new List<PullSecretError>();
        foreach (var secret in pullSecrets)
        {
            if (!DockerConfigParser.TryRead(secret, out var read, out var error))
            {
                continue;
            }

            if (error is not null)
            {
                errors.Add(error);
            }
            else
            {
                entries.AddRange(read);
            }
        }

        return new RegistryKeyringResult(new RegistryKeyring(entries), errors);
    }

    /// <summary>
    /// The entries for a repository, in the order the kubelet tries them: the entries of every matching key
    /// in search order; when none match, the Docker Hub entries for a repository that Docker Hub serves.
    /// </summary>
    /// <param name="repository">The normalized repository (<see cref="ImageReference.TryGetRepository"/>).</param>
    /// <returns>The entries; empty when the image is pulled without credentials.</returns>
    public IReadOnlyList<RegistryCredential> Lookup(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var matches = new List<RegistryCredential>();
        foreach (var key in _index)
        {
            if (RegistryUrl.Matches(key, repository))
            {
                matches.AddRange(_credentials[key]);
            }
        }

        if (matches.Count == 0 && IsDefaultRegistryMatch(repository) && _credentials.TryGetValue(DefaultRegistryKey, out var hub))
        {
            matches.AddRange(hub);
        }

        return matches;
    }

    /// <summary>
    /// Whether an image is pulled from Docker Hub judging by its name (<c>isDefaultRegistryMatch</c>): one
    /// component, or a first component that is <c>docker.io</c>/<c>index.docker.io</c> or has no <c>.</c> or <c>:</c>.
    /// </summary>
    internal static bool IsDefaultRegistryMatch(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? image : image[..slash];
        if (first.Length == 0)
        {
            return false;
        }

        return slash < 0 || first is "docker.io" or "index.docker.io" || first.AsSpan().IndexOfAny('.', ':') < 0;
    }
}
