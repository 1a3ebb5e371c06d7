using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Credentials;

/// <summary>
/// What the kubelet does with a pod's pull secrets (<c>getPullSecretsForPod</c> in
/// <c>pkg/kubelet/kubelet_pods.go</c>, then the image manager's keyring lookup): collect the secrets, warn
/// about missing ones and go on, build the keyring, and look up every container image.
/// </summary>
public static class PullAuthResolver
{
    /// <summary>The reason of the event for pull secrets that cannot be retrieved.</summary>
    public const string FailedToRetrieveImagePullSecret = "FailedToRetrieveImagePullSecret";

    /// <summary>Resolves the credentials for the pod's images, or for one image.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="objects">Where the pod's pull secrets are looked up (in the pod's namespace).</param>
    /// <param name="serviceAccount">
    /// The pod's ServiceAccount, when known. Its <c>imagePullSecrets</c> apply only when the pod lists none:
    /// the ServiceAccount admission plugin copies them into such a pod, and into no other.
    /// </param>
    /// <param name="image">One image to look up instead of the pod's container images, or <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static PullAuthResult Resolve(Pod pod, IObjectLookup objects, ServiceAccount? serviceAccount = null, string? image = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(objects);

        var (source, listed) = pod.ImagePullSecrets.Count > 0 ? (PullSecretSource.Pod, pod.ImagePullSecrets)
            : serviceAccount is { ImagePullSecrets.Count: > 0 } ? (PullSecretSource.ServiceAccount, serviceAccount.ImagePullSecrets)
            : (PullSecretSource.None, pod.ImagePullSecrets);

        // Entries with empty names passed old API validation; the kubelet skips them without a warning.
        var names = listed.Where(n => n.Length > 0).ToArray();
        var secrets = new List<Secret>();
        var missing = new List<string>();
        foreach (var name in names)
        {
            var found = objects.GetSecret(pod.Namespace, name);
            if (found.Status == LookupStatus.Found && found.Value is { } secret)
            {
                secrets.Add(secret);
            }
            else
            {
                missing.Add(name);
            }
        }

        var events = missing.Count == 0 ? [] : new[]
        {
            PodEvent.Warn(FailedToRetrieveImagePullSecret, $"Unable to retrieve some image pull secrets ({string.Join(", ", missing)}); attempting to pull the image may not succeed."),
        };

        var keyring = RegistryKeyring.Build(secrets);
        var targets = image is null
            ? pod.AllContainers().Select(c => (Container: (string?)c.Container.Name, c.Kind, Image: c.Container.Image ?? string.Empty))
            : [(null, ContainerKind.Regular, image)];

        return new PullAuthResult
        {
            Pod = pod.QualifiedName,
            Source = source,
            PullSecrets = names,
            Images = targets.Select(t => LookUp(t.Container, t.Kind, t.Image, keyring)).ToArray(),
            Errors = keyring.Errors,
            Events = events,
        };
    }

    private static ImagePullAuth LookUp(string? container, ContainerKind kind, string image, RegistryKeyringResult keyring)
    {
        if (!ImageReference.TryGetRepository(image, out var repository, out var error))
        {
            return new ImagePullAuth
            {
                Container = container,
                Kind = kind,
                Image = image,
                Error = new ImagePullError("InvalidImageName", $"Failed to apply default image tag \"{image}\": couldn't parse image reference \"{image}\": {error}"),
            };
        }

        // The kubelet builds the keyring before it pulls; an unreadable secret fails the pull.
        var failed = keyring.Errors.Count > 0;
        return new ImagePullAuth
        {
            Container = container,
            Kind = kind,
            Image = image,
            Repository = repository,
            Error = failed ? new ImagePullError("InvalidPullSecret", keyring.Errors[0].ToString()) : null,
            Matches = failed ? [] : keyring.Keyring.Lookup(repository),
        };
    }
}
