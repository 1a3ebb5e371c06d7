namespace SecretProjection.Sources;

/// <summary>A failure the API server reported (its <c>Status</c> object), without object values.</summary>
/// <param name="Code">The HTTP status code: 410 when a resourceVersion is too old, 500, 403, ….</param>
/// <param name="Reason">The machine-readable reason: <c>Expired</c>, <c>Gone</c>, <c>InternalError</c>, ….</param>
/// <param name="Message">The server's message.</param>
public sealed record SourceStatus(int Code, string Reason, string Message)
{
    /// <summary>Whether the resourceVersion a list or watch asked for is too old (410 Gone / Expired): relist.</summary>
    public bool IsExpired => Code == 410 || Reason is "Expired" or "Gone";
}
