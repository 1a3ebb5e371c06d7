using Microsoft.Extensions.Logging;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>One log record as <see cref="LogCapture"/> saw it, everything a log sink could write rendered as text.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id and name.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="State">Every structured value of the state (<c>{OriginalFormat}</c> included), rendered.</param>
/// <param name="Scopes">The scopes open around it, outermost first, each rendered with its values.</param>
/// <param name="Exception">The exception with its whole chain (<see cref="Exception.ToString"/>) and its data, or <see langword="null"/>.</param>
internal sealed record CapturedLogRecord(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, string>> State,
    IReadOnlyList<string> Scopes,
    string? Exception)
{
    /// <summary>Everything of the record, for the search.</summary>
    public string Text =>
        string.Join('\n', [Category, EventId.ToString(), Message, .. State.Select(p => p.Key + "=" + p.Value), .. Scopes, Exception ?? string.Empty]);

    /// <summary>A structured value, or <see langword="null"/>.</summary>
    public string? Value(string name) => State.FirstOrDefault(p => p.Key == name).Value;

    public override string ToString() => $"{Level} {Category}[{EventId.Name}] {Message}";
}
