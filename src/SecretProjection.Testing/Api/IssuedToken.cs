namespace SecretProjection.Testing.Api;

/// <summary>A token the simulated API server issued for a TokenRequest, for assertions.</summary>
public sealed class IssuedToken
{
    internal IssuedToken(string @namespace, string serviceAccount, IReadOnlyList<string> audiences, long expirationSeconds, string? boundKind, string? boundName, string? boundUid, DateTimeOffset issuedAt, string token)
    {
        Namespace = @namespace;
        ServiceAccount = serviceAccount;
        Audiences = audiences;
        ExpirationSeconds = expirationSeconds;
        BoundObjectKind = boundKind;
        BoundObjectName = boundName;
        BoundObjectUid = boundUid;
        IssuedAt = issuedAt;
        Token = token;
    }

    /// <summary>The service account's namespace.</summary>
    public string Namespace { get; }

    /// <summary>The service account's name.</summary>
    public string ServiceAccount { get; }

    /// <summary>The audiences of the token: those asked for, or the server's API audiences when none were.</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>The lifetime asked for (3600 when the request named none).</summary>
    public long ExpirationSeconds { get; }

    /// <summary>The kind of the object the token is bound to (<c>Pod</c>, <c>Secret</c>, <c>Node</c>), if any.</summary>
    public string? BoundObjectKind { get; }

    /// <summary>The name of the object the token is bound to, if any.</summary>
    public string? BoundObjectName { get; }

    /// <summary>The uid of the object the token is bound to, as the server holds it.</summary>
    public string? BoundObjectUid { get; }

    /// <summary>When it was issued, on the server's clock.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When it expires: <see cref="IssuedAt"/> plus <see cref="ExpirationSeconds"/>.</summary>
    public DateTimeOffset ExpiresAt => IssuedAt.AddSeconds(ExpirationSeconds);

    /// <summary>The token: JWT-shaped, deterministic (the same request at the same time gets the same token), and signed by nobody.</summary>
    public string Token { get; }

    /// <summary>What the token is for, without the token.</summary>
    /// <returns>The service account, audiences, binding and expiry.</returns>
    public override string ToString() =>
        $"token for {Namespace}/{ServiceAccount} audiences [{string.Join(", ", Audiences)}]{(BoundObjectKind is null ? string.Empty : $" bound to {BoundObjectKind} {BoundObjectName}")} expires {ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}";
}
