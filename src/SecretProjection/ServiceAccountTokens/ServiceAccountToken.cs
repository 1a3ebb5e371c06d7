namespace SecretProjection.ServiceAccountTokens;

/// <summary>A token the API server issued for a request, and when it expires.</summary>
/// <remarks><see cref="ToString"/> never shows the token.</remarks>
public sealed class ServiceAccountToken
{
    /// <summary>Initializes a new instance of the <see cref="ServiceAccountToken"/> class.</summary>
    /// <param name="spec">The request it answers.</param>
    /// <param name="token">The token; a secret.</param>
    /// <param name="expirationTimestamp">When it expires (<c>status.expirationTimestamp</c>).</param>
    public ServiceAccountToken(TokenRequestSpec spec, string token, DateTimeOffset expirationTimestamp)
    {
        Spec = spec;
        Token = token;
        ExpirationTimestamp = expirationTimestamp;
    }

    /// <summary>The request it answers.</summary>
    public TokenRequestSpec Spec { get; }

    /// <summary>The token; a secret.</summary>
    public string Token { get; }

    /// <summary>When it expires (<c>status.expirationTimestamp</c>).</summary>
    public DateTimeOffset ExpirationTimestamp { get; }

    /// <summary>Describes the token without it.</summary>
    /// <returns>The expiry only.</returns>
    public override string ToString() => $"ServiceAccountToken (expires {ExpirationTimestamp:O})";
}
