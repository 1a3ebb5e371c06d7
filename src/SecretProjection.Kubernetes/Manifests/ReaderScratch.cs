
namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// The buffers a manifest stream grows as it reads, kept for the next stream on the same thread. A directory is read
/// as a stream per file, mostly of a kilobyte or two. Each stream would otherwise grow its own text buffer and event
/// lists from nothing: about 16 KB per file, a third of what reading a Deployment and its Secret allocates. What a
/// run allocates shows in its peak memory, through the garbage it promotes. One per thread, like the runtime's
/// <c>StringBuilderCache</c>: a stream takes it (<see cref="Take"/>), so two streams never share one, and gives it
/// back when its reading ends (<see cref="GiveBack"/>). A stream that finds none makes its own.
/// </summary>
internal sealed class ReaderScratch
{
    /// <summary>The text buffer's first size, in characters; it doubles as a document needs.</summary>
    private const int InitialTextSize = 4 * 1024;

    /// <summary>
    /// The largest text buffer kept, in characters: one grown for a larger document is left to the collector. A
    /// document fits the text buffer, so what is kept holds lists of a few thousand events at most.
    /// </summary>
    private const int MaxKeptTextSize = 64 * 1024;

    private const int KeySlots = 128;
    private const int MaxKeyLength = 32;

    [ThreadStatic]
    private static ReaderScratch? t_cached;

    private readonly string?[] _keys = new string?[KeySlots];

    /// <summary>The parser's text buffer; the parser puts a larger one here when it grows it.</summary>
    public char[] Text { get; set; } = new char[InitialTextSize];

    /// <summary>The parser's events of the document being read.</summary>
    public ValueList<YamlEvent> Events { get; } = new();

    /// <summary>Where each line of the document being read starts in <see cref="Text"/>.</summary>
    public ValueList<int> LineStarts { get; } = new();

    /// <summary>The event buffers of a document's top level, of an object in it, and of a document that is not a mapping.</summary>
    public EventBuffer Top { get; } = new();

    /// <inheritdoc cref="Top"/>
    public EventBuffer Item { get; } = new();

    /// <inheritdoc cref="Top"/>
    public EventBuffer Node { get; } = new();

    /// <summary>
    /// The string of a mapping key. The same few dozen keys come in every object, so each is made once per thread
    /// (a slot per hash of its length and ends; a key that takes another's slot is simply made again).
    /// </summary>
    public string Key(ReadOnlySpan<char> text)
    {
        if (text.Length is 0 or > MaxKeyLength)
        {
            return text.ToString();
        }

        var slot = ((text.Length * 31) + (text[0] * 7) + text[^1]) & (KeySlots - 1);
        if (_keys[slot] is { } known && Equal(text, known))
        {
            return known;
        }

        return _keys[slot] = text.ToString();
    }

    /// <summary>
    /// The shared string of a value that every manifest repeats (an <c>apiVersion</c>, a <c>kind</c>, a <c>null</c>),
    /// or null. A fixed list, not a cache like <see cref="Key"/>: a value may be a Secret's data, which must not
    /// outlive its reading.
    /// </summary>
    public static string? KnownValue(ReadOnlySpan<char> text) => text switch
    {
        "v1" => "v1",
        "apps/v1" => "apps/v1",
        "batch/v1" => "batch/v1",
        "Secret" => "Secret",
        "ConfigMap" => "ConfigMap",
        "Opaque" => "Opaque",
        "null" => "null",
        "true" => "true",
        "false" => "false",
        "default" => "default",
        _ => null,
    };

    /// <summary>
    /// A key's text against a known key, in a loop of our own: the runtime library's span comparison is a call that
    /// the tool's precompiled code cannot inline, made for every key read.
    /// </summary>
    private static bool Equal(ReadOnlySpan<char> text, string known)
    {
        if (text.Length != known.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != known[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This thread's scratch, which no other stream then has, or a new one.</summary>
    public static ReaderScratch Take()
    {
        var scratch = t_cached;
        t_cached = null;
        return scratch ?? new ReaderScratch();
    }

    /// <summary>
    /// Keeps the buffers for this thread's next stream, without the events or the text of the last one: the text may
    /// hold a Secret's data, which a cache that outlives the stream should not keep readable.
    /// </summary>
    public void GiveBack()
    {
        Array.Clear(Text);
        Events.Clear();
        LineStarts.Clear();
        Top.Clear();
        Item.Clear();
        Node.Clear();
        if (Text.Length <= MaxKeptTextSize)
        {
            t_cached = this;
        }
    }
}
