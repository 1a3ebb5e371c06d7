namespace SecretProjection.Model;

/// <summary>A <c>serviceAccountToken</c> source of a projected volume: a token of the pod's ServiceAccount, bound to the pod.</summary>
public sealed record ServiceAccountTokenProjection
{
    /// <summary>The default lifetime the API server gives a projected token: 3600 seconds.</summary>
    public const long DefaultExpirationSeconds = 3600;

    /// <summary>The relative path of the token file.</summary>
    public required string Path { get; init; }

    /// <summary>The audience the token is for; empty means the API server's. Default: empty.</summary>
    public string Audience { get; init; } = string.Empty;

    /// <summary>The requested lifetime in seconds. Default: 3600, as the API server defaults it.</summary>
    public long ExpirationSeconds { get; init; } = DefaultExpirationSeconds;
}
