namespace SecretProjection.Kubernetes.Sources;

/// <summary>How <see cref="KubernetesSources"/> talk to the API server.</summary>
public sealed class KubernetesSourcesOptions
{
#pragma warning disable RS0030 // Banned API: the default of an injected Random.
    /// <summary>
    /// The source of each watch's random <c>timeoutSeconds</c>, 5 to 10 minutes as client-go's reflector draws it,
    /// so that the watches of many objects do not all end at once. Several watches draw from it at the same time;
    /// the sources take turns. Default: <see cref="Random.Shared"/>.
    /// </summary>
    public Random Random { get; set; } = Random.Shared;
#pragma warning restore RS0030
}
