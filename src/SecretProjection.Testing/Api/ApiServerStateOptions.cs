namespace SecretProjection.Testing.Api;

/// <summary>Settings of an <see cref="ApiServerState"/>.</summary>
public sealed class ApiServerStateOptions
{
    /// <summary>
    /// How many events the state keeps, like the API server's watch cache: a watch from a resourceVersion older than
    /// the oldest kept event gets the 410 <c>ERROR</c> event, and a list the 410 answer. Default: 1000.
    /// </summary>
    public int HistoryCapacity { get; set; } = 1000;

    /// <summary>
    /// The clock of watch timeouts (<c>timeoutSeconds</c>), slow streams, creation timestamps and tokens' expiry; a fake
    /// clock makes them deterministic. Default: <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Whether every request is kept in <see cref="ApiServerState.Requests"/>. A long benchmark turns it off; the
    /// in-memory sources' call counts are kept either way. Default: <see langword="true"/>.
    /// </summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>The issuer (<c>iss</c>) of the tokens it issues, the API server's <c>--service-account-issuer</c>. Default: <c>https://kubernetes.default.svc.cluster.local</c>.</summary>
    public string ServiceAccountIssuer { get; set; } = "https://kubernetes.default.svc.cluster.local";

    /// <summary>The audiences of a token whose TokenRequest names none, the API server's <c>--api-audiences</c>. Default: the issuer, as when the flag is not set.</summary>
    public IReadOnlyList<string> ApiAudiences { get; set; } = ["https://kubernetes.default.svc.cluster.local"];
}
