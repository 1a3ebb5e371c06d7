using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Events = YamlDotNet.Core.Events;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// One parser event, as YamlDotNet's <see cref="ParsingEvent"/> types carry it (kind, value, style, implicit flags,
/// anchor, tag, marks), in a struct: the reader holds an object's events in a list of these rather than an object
/// per event, which was two thirds of what reading a Secret allocated. YamlDotNet's own events, where its parser
/// reads, are converted (<see cref="From"/>). Its <see cref="object.ToString"/> is the struct's name: a scalar's value
/// may be a Secret's data.
/// </summary>
internal readonly struct YamlEvent
{
    private readonly byte _style;

    // A node's anchor and tag, which manifests rarely have, in one object made only for a node that has one: an
    // event is copied twice on its way to the decoder, and each reference in it costs a write barrier per copy.
    private readonly NodeProperties? _properties;

    private YamlEvent(YamlEventKind kind, TextMark start, TextMark end, string? value = null, byte style = 0, bool isImplicit = false, bool isQuotedImplicit = false, string? anchor = null, string? tag = null)
    {
        Kind = kind;
        Start = start;
        End = end;
        Value = value ?? string.Empty;
        _style = style;
        IsImplicit = isImplicit;
        IsQuotedImplicit = isQuotedImplicit;
        _properties = anchor is null && tag is null ? null : new NodeProperties(anchor, tag);
    }

    public YamlEventKind Kind { get; }

    /// <summary>A scalar's value, or the name of the anchor an alias refers to; otherwise empty.</summary>
    public string Value { get; }

    /// <summary>The node's anchor (<c>&amp;name</c>), without the <c>&amp;</c>; null when it has none.</summary>
    public string? Anchor => _properties?.Anchor;

    /// <summary>The node's tag, as YamlDotNet resolves it; null when it has none.</summary>
    public string? Tag => _properties?.Tag;

    /// <summary>
    /// A document start or end, a mapping or sequence start: YamlDotNet's <c>IsImplicit</c>. A scalar: its
    /// <c>IsPlainImplicit</c>.
    /// </summary>
    public bool IsImplicit { get; }

    /// <summary>A scalar's <c>IsQuotedImplicit</c>.</summary>
    public bool IsQuotedImplicit { get; }

    public TextMark Start { get; }

    public TextMark End { get; }

    public ScalarStyle ScalarStyle => Kind == YamlEventKind.Scalar ? (ScalarStyle)_style : ScalarStyle.Any;

    public MappingStyle MappingStyle => Kind == YamlEventKind.MappingStart ? (MappingStyle)_style : MappingStyle.Any;

    public SequenceStyle SequenceStyle => Kind == YamlEventKind.SequenceStart ? (SequenceStyle)_style : SequenceStyle.Any;

    /// <summary>How the event changes the nesting: +1 for a start (stream, document, mapping, sequence), -1 for an end.</summary>
    public int NestingIncrease
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Kind switch
        {
            YamlEventKind.StreamStart or YamlEventKind.DocumentStart or YamlEventKind.MappingStart or YamlEventKind.SequenceStart => 1,
            YamlEventKind.StreamEnd or YamlEventKind.DocumentEnd or YamlEventKind.MappingEnd or YamlEventKind.SequenceEnd => -1,
            _ => 0,
        };
    }

    public static YamlEvent StreamStart(TextMark at) => new(YamlEventKind.StreamStart, at, at);

    public static YamlEvent StreamEnd(TextMark at) => new(YamlEventKind.StreamEnd, at, at);

    public static YamlEvent DocumentStart(bool isImplicit, TextMark start, TextMark end) => new(YamlEventKind.DocumentStart, start, end, isImplicit: isImplicit);

    public static YamlEvent DocumentEnd(bool isImplicit, TextMark at) => new(YamlEventKind.DocumentEnd, at, at, isImplicit: isImplicit);

    /// <summary>An implicit mapping start without anchor or tag, as the block parser reads one.</summary>
    public static YamlEvent MappingStart(MappingStyle style, TextMark start, TextMark end) => new(YamlEventKind.MappingStart, start, end, style: (byte)style, isImplicit: true);

    public static YamlEvent MappingEnd(TextMark start, TextMark end) => new(YamlEventKind.MappingEnd, start, end);

    /// <summary>An implicit sequence start without anchor or tag, as the block parser reads one.</summary>
    public static YamlEvent SequenceStart(SequenceStyle style, TextMark start, TextMark end) => new(YamlEventKind.SequenceStart, start, end, style: (byte)style, isImplicit: true);

    public static YamlEvent SequenceEnd(TextMark start, TextMark end) => new(YamlEventKind.SequenceEnd, start, end);

    /// <summary>A scalar without anchor or tag, as the block parser reads one.</summary>
    public static YamlEvent Scalar(string value, ScalarStyle style, bool isPlainImplicit, bool isQuotedImplicit, TextMark start, TextMark end) =>
        new(YamlEventKind.Scalar, start, end, value, (byte)style, isPlainImplicit, isQuotedImplicit);

    /// <summary>
    /// YamlDotNet's event as one of these, its marks moved by <paramref name="index"/> characters and
    /// <paramref name="lines"/> lines. A comment (which the reader's scanner skips) has no kind.
    /// </summary>
    public static YamlEvent From(ParsingEvent e, long index = 0, long lines = 0)
    {
        var (start, end) = (TextMark.From(e.Start, index, lines), TextMark.From(e.End, index, lines));
        return e switch
        {
            Events.Scalar s => new(YamlEventKind.Scalar, start, end, s.Value, (byte)s.Style, s.IsPlainImplicit, s.IsQuotedImplicit, NameOf(s.Anchor), TagOf(s.Tag)),
            Events.MappingStart m => new(YamlEventKind.MappingStart, start, end, style: (byte)m.Style, isImplicit: m.IsImplicit, anchor: NameOf(m.Anchor), tag: TagOf(m.Tag)),
            Events.SequenceStart q => new(YamlEventKind.SequenceStart, start, end, style: (byte)q.Style, isImplicit: q.IsImplicit, anchor: NameOf(q.Anchor), tag: TagOf(q.Tag)),
            Events.MappingEnd => new(YamlEventKind.MappingEnd, start, end),
            Events.SequenceEnd => new(YamlEventKind.SequenceEnd, start, end),
            Events.AnchorAlias a => new(YamlEventKind.Alias, start, end, a.Value.Value),
            Events.DocumentStart d => new(YamlEventKind.DocumentStart, start, end, isImplicit: d.IsImplicit),
            Events.DocumentEnd d => new(YamlEventKind.DocumentEnd, start, end, isImplicit: d.IsImplicit),
            Events.StreamStart => new(YamlEventKind.StreamStart, start, end),
            Events.StreamEnd => new(YamlEventKind.StreamEnd, start, end),
            _ => new(YamlEventKind.None, start, end),
        };
    }

    /// <summary>An error at this event's marks.</summary>
    public YamlException Error(string message) => new(Start.ToMark(), End.ToMark(), message);

    private static string? NameOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static string? TagOf(TagName tag) => tag.IsEmpty ? null : tag.Value;

    private sealed record NodeProperties(string? Anchor, string? Tag);
}
