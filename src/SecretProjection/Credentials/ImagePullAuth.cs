using SecretProjection.Model;

namespace SecretProjection.Credentials;

/// <summary>The credentials the kubelet would try, in order, to pull one container's image.</summary>
/// <remarks>An empty <see cref="Matches"/> without <see cref="Error"/> means the image is pulled without credentials.</remarks>
public sealed class ImagePullAuth
{
    internal ImagePullAuth()
    {
    }

    /// <summary>The container name; <see langword="null"/> for an image asked about directly.</summary>
    public string? Container { get; internal init; }

    /// <summary>The container's kind. Default: <see cref="ContainerKind.Regular"/>.</summary>
    public ContainerKind Kind { get; internal init; }

    /// <summary>The image as written.</summary>
    public string Image { get; internal init; } = string.Empty;

    /// <summary>The normalized repository the keyring is searched with (<c>docker.io/library/nginx</c>); <see langword="null"/> when the image does not parse.</summary>
    public string? Repository { get; internal init; }

    /// <summary>The matching entries in the order the kubelet tries them. Default: none.</summary>
    public IReadOnlyList<RegistryCredential> Matches { get; internal init; } = [];

    /// <summary>Why the image cannot be pulled, or <see langword="null"/>.</summary>
    public ImagePullError? Error { get; internal init; }
}
