using SecretProjection.Model;

namespace SecretProjection.ServiceAccountTokens;

/// <summary>What a TokenRequest asks for (<c>authentication/v1 TokenRequestSpec</c>).</summary>
/// <param name="Audiences">The audiences; <see langword="null"/> for the API server's.</param>
/// <param name="ExpirationSeconds">The requested lifetime, when set.</param>
/// <param name="BoundObjectRef">The object the token is bound to, when set.</param>
public sealed record TokenRequestSpec(IReadOnlyList<string>? Audiences, long? ExpirationSeconds, BoundObjectReference? BoundObjectRef)
{
    /// <summary>
    /// The projected volume plugin's request for a <c>serviceAccountToken</c> source: its audience (none when
    /// empty), its lifetime, bound to the pod.
    /// </summary>
    /// <param name="projection">The projection.</param>
    /// <param name="pod">The pod.</param>
    /// <returns>The request.</returns>
    internal static TokenRequestSpec For(ServiceAccountTokenProjection projection, Pod pod)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(pod);
        return new(
            projection.Audience.Length == 0 ? null : [projection.Audience],
            projection.ExpirationSeconds,
            new BoundObjectReference("Pod", "v1", pod.Name, pod.Uid ?? string.Empty));
    }
}
