using System.Text.Json.Nodes;

namespace SecretProjection.Testing.ApiServer;

/// <summary>How the server answers a watch request: a session, a watch that fails at once, or an HTTP error.</summary>
/// <param name="Session">The registered session with its first events queued, when the watch starts.</param>
/// <param name="ErrorEvent">The status of the single <c>ERROR</c> event of a watch that cannot start (HTTP 200).</param>
/// <param name="HttpError">The status to answer with instead of a stream.</param>
internal readonly record struct WatchStart(WatchSession? Session, JsonObject? ErrorEvent, JsonObject? HttpError);
