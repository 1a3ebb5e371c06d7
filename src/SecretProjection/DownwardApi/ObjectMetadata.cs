using SecretProjection.Model;

namespace SecretProjection.DownwardApi;

/// <summary>The metadata a field path reads (<c>meta.Accessor</c>).</summary>
/// <param name="Name">The name.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Uid">The uid, when known; the API server assigns it.</param>
/// <param name="Labels">The labels.</param>
/// <param name="Annotations">The annotations.</param>
internal sealed record ObjectMetadata(
    string Name,
    string Namespace,
    string? Uid,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>A pod's metadata.</summary>
    /// <param name="pod">The pod.</param>
    /// <returns>The metadata.</returns>
    public static ObjectMetadata Of(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return new(pod.Name, pod.Namespace, pod.Uid, pod.Labels, pod.Annotations);
    }
}
