namespace SecretProjection.ServiceAccountTokens;

/// <summary>A token, or why there is none; and, for a cached token served after a failed renewal, that failure.</summary>
internal readonly record struct TokenResult
{
    private TokenResult(ServiceAccountToken? token, string? error, string? renewalError)
    {
        Token = token;
        Error = error;
        RenewalError = renewalError;
    }

    /// <summary>The token, when there is one.</summary>
    public ServiceAccountToken? Token { get; }

    /// <summary>Why there is no token.</summary>
    public string? Error { get; }

    /// <summary>Why a cached token could not be renewed, when it is served anyway (the kubelet logs "Couldn't update token").</summary>
    public string? RenewalError { get; }

    /// <summary>A token.</summary>
    public static TokenResult Issued(ServiceAccountToken token, string? renewalError = null) => new(token, null, renewalError);

    /// <summary>No token.</summary>
    public static TokenResult Failed(string error) => new(null, error, null);
}
