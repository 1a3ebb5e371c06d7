using System.Text.Json.Nodes;

namespace SecretProjection.Testing.Api;

/// <summary>
/// A scripted fault for the next call it applies to (a verb of a resource): an answer with a status, a server that
/// cannot be reached, a watch answered with the 410 <c>ERROR</c> event, or a watch that ends after some events.
/// </summary>
internal sealed record ApiFault(ApiVerb Verb, ApiResource Resource, ApiFaultKind Kind, JsonObject? Status = null, int EndAfter = 0)
{
    public bool AppliesTo(ApiCall call) => call.Verb == Verb && call.Resource == Resource;
}

internal enum ApiFaultKind
{
    /// <summary>Answered with <see cref="ApiFault.Status"/>.</summary>
    Status,

    /// <summary>The connection breaks before an answer, as when nothing listens.</summary>
    Unreachable,

    /// <summary>A watch answered with HTTP 200 and the 410 <c>ERROR</c> event, as the watch cache answers a too-old resourceVersion.</summary>
    ExpiredEvent,

    /// <summary>A watch whose stream ends after <see cref="ApiFault.EndAfter"/> events.</summary>
    EndAfter,
}
