using SecretProjection.Model;

namespace SecretProjection.Credentials;

/// <summary>The kubelet's registry credentials for every image of a pod.</summary>
public sealed class PullAuthResult
{
    internal PullAuthResult()
    {
    }

    /// <summary>The pod, <c>namespace/name</c>.</summary>
    public string Pod { get; internal init; } = string.Empty;

    /// <summary>Where <see cref="PullSecrets"/> comes from.</summary>
    public PullSecretSource Source { get; internal init; }

    /// <summary>The effective pull-secret names, in order (empty names dropped, as the kubelet does). Default: none.</summary>
    public IReadOnlyList<string> PullSecrets { get; internal init; } = [];

    /// <summary>One entry per image, in container start order (init, regular, ephemeral). Default: none.</summary>
    public IReadOnlyList<ImagePullAuth> Images { get; internal init; } = [];

    /// <summary>Pull secrets the kubelet cannot read. Default: none.</summary>
    public IReadOnlyList<PullSecretError> Errors { get; internal init; } = [];

    /// <summary>The events the kubelet records. Default: none.</summary>
    public IReadOnlyList<PodEvent> Events { get; internal init; } = [];
}
