using SecretProjection.Model;

namespace SecretProjection.ServiceAccountTokens;

/// <summary>What a TokenRequest asks for (<c>authentication/v1 TokenRequestSpec</c>).</summary>
public sealed record TokenRequestSpec
{
    /// <summary>Initializes a new instance of the <see cref="TokenRequestSpec"/> record.</summary>
    /// <param name="audiences">The audiences; <see langword="null"/> for the API server's.</param>
    /// <param name="expirationSeconds">The requested lifetime, when set.</param>
    /// <param name="boundObjectRef">The object the token is bound to, when set.</param>
    public TokenRequestSpec(IReadOnlyList<string>? audiences, long? expirationSeconds, BoundObjectReference? boundObjectRef)
    {
        Audiences = audiences;
        ExpirationSeconds = expirationSeconds;
        BoundObjectRef = boundObjectRef;
    }

    /// <summary>The audiences; <see langword="null"/> for the API server's.</summary>
    public IReadOnlyList<string>? Audiences { get; }

    /// <summary>The requested lifetime, when set.</summary>
    public long? ExpirationSeconds { get; }

    /// <summary>The object the token is bound to, when set.</summary>
    public BoundObjectReference? BoundObjectRef { get; }

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
