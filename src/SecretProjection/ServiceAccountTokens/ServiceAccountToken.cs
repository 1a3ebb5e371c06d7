namespace SecretProjection.ServiceAccountTokens;

/// <summary>A token the API server issued for a request, and when it expires.</summary>
/// <remarks><see cref="ToString"/> never shows the token.</remarks>
/// <param name="Spec">The request it answers.</param>
/// <param name="Token">The token; a secret.</param>
/// <param name="ExpirationTimestamp">When it expires (<c>status.expirationTimestamp</c>).</param>
public sealed record ServiceAccountToken(TokenRequestSpec Spec, string Token, DateTimeOffset ExpirationTimestamp)
{
    /// <summary>Describes the token without it.</summary>
    /// <returns>The expiry only.</returns>
    public override string ToString() => $"ServiceAccountToken (expires {ExpirationTimestamp:O})";
}
