namespace SecretProjection.Testing.Api;

/// <summary>
/// How the simulated API server answers a request (<see cref="ApiServerState.Serve"/>), for a transport to send: a
/// status and a body, a watch stream to send as it comes, or a connection to break without an answer.
/// </summary>
public sealed class ApiResponse
{
    internal ApiResponse(int statusCode, string? body, ApiWatchStream? watch = null, bool breakConnection = false, string contentType = "application/json")
    {
        StatusCode = statusCode;
        Body = body;
        Watch = watch;
        BreakConnection = breakConnection;
        ContentType = contentType;
    }

    /// <summary>The HTTP status: 200, 201, 404, 410, ….</summary>
    public int StatusCode { get; }

    /// <summary>The whole body (JSON ended by a newline, as the API server's encoder ends it); <see langword="null"/> for a watch.</summary>
    public string? Body { get; }

    /// <summary>
    /// A watch: send the status and headers at once, then each line it reads, until it ends; then end the stream, or
    /// break the connection when it says so. Dispose of it whichever way the stream ends.
    /// </summary>
    public ApiWatchStream? Watch { get; }

    /// <summary>Break the connection without answering: an injected fault, as a client sees a server that went away.</summary>
    public bool BreakConnection { get; }

    /// <summary>The media type of the body: <c>application/json</c>, or <c>text/plain</c> for a health check.</summary>
    public string ContentType { get; }
}
