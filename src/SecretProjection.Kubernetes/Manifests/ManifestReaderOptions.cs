namespace SecretProjection.Kubernetes.Manifests;

/// <summary>How <see cref="ManifestReader"/> reads manifests.</summary>
public sealed class ManifestReaderOptions
{
    /// <summary>The options with every default.</summary>
    public static ManifestReaderOptions Default { get; } = new();

    /// <summary>
    /// The namespace given by the user, as <c>kubectl</c>'s <c>--namespace</c>: objects that name no namespace
    /// are in it, and an object that names another one is refused with <c>kubectl</c>'s message. Default:
    /// <see langword="null"/>, which puts objects that name no namespace in <c>default</c> and refuses none.
    /// </summary>
    public string? Namespace { get; init; }
}
