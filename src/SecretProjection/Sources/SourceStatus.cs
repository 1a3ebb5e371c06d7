namespace SecretProjection.Sources;

/// <summary>A failure the API server reported (its <c>Status</c> object), without object values.</summary>
public sealed record SourceStatus
{
    /// <summary>Initializes a new instance of the <see cref="SourceStatus"/> record.</summary>
    /// <param name="code">The HTTP status code: 410 when a resourceVersion is too old, 500, 403, ….</param>
    /// <param name="reason">The machine-readable reason: <c>Expired</c>, <c>Gone</c>, <c>InternalError</c>, ….</param>
    /// <param name="message">The server's message.</param>
    public SourceStatus(int code, string reason, string message)
    {
        Code = code;
        Reason = reason;
        Message = message;
    }

    /// <summary>The HTTP status code: 410 when a resourceVersion is too old, 500, 403, ….</summary>
    public int Code { get; }

    /// <summary>The machine-readable reason: <c>Expired</c>, <c>Gone</c>, <c>InternalError</c>, ….</summary>
    public string Reason { get; }

    /// <summary>The server's message.</summary>
    public string Message { get; }

    /// <summary>Whether the resourceVersion a list or watch asked for is too old (410 Gone / Expired): relist.</summary>
    public bool IsExpired => Code == 410 || Reason is "Expired" or "Gone";
}
