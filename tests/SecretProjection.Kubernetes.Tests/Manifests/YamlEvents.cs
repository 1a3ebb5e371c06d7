using System.Globalization;
using SecretProjection.Kubernetes.Manifests;
using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>
/// The events of a parser as text (type, value, style, implicit flags, anchor, tag, all marks), and the
/// comparison of <see cref="BlockYamlParser"/> with YamlDotNet's parser on one input.
/// </summary>
internal static class YamlEvents
{
    /// <summary>
    /// Asserts that <see cref="BlockYamlParser"/>, reading all at once and a few characters per read, gives the
    /// events of YamlDotNet's <c>Parser(Scanner)</c>, and where that refuses the text, the same error after them.
    /// </summary>
    public static void AssertSame(string yaml, string? where = null)
    {
        var expected = Read(new Parser(new Scanner(new StringReader(yaml))));
        foreach (var (name, parser) in new[] { ("whole", new BlockYamlParser(new StringReader(yaml))), ("trickle", new BlockYamlParser(new TrickleReader(yaml, 7))), ("3 at a time", new BlockYamlParser(new TrickleReader(yaml, 3))) })
        {
            var actual = Read(parser);
            for (var i = 0; i < Math.Min(expected.Events.Count, actual.Events.Count); i++)
            {
                // The message is made only on a mismatch: showing a large input once per event would take hours.
                if (expected.Events[i] != actual.Events[i])
                {
                    Assert.Fail($"{where} ({name}): event {i}: expected {expected.Events[i]}, got {actual.Events[i]}\n{Show(yaml)}");
                }
            }

            if (expected.Events.Count != actual.Events.Count)
            {
                var next = expected.Events.Count > actual.Events.Count ? expected.Events[actual.Events.Count] : actual.Events[expected.Events.Count];
                Assert.Fail($"{where} ({name}): expected {expected.Events.Count} events, got {actual.Events.Count}; the first extra: {next}; errors: expected {expected.Error ?? "none"}, got {actual.Error ?? "none"}\n{Show(yaml)}");
            }

            if (expected.Error != actual.Error)
            {
                Assert.Fail($"{where} ({name}): expected error {expected.Error ?? "none"}, got {actual.Error ?? "none"}\n{Show(yaml)}");
            }
        }
    }

    /// <summary>Whether the block parser reads all of <paramref name="yaml"/> without handing any of it to YamlDotNet.</summary>
    public static bool ReadAlone(string yaml)
    {
        var parser = new BlockYamlParser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
        }

        return !parser.FellBack;
    }

    /// <summary>The input with its control characters and surrogates visible, for a failure's message.</summary>
    public static string Show(string yaml) => string.Concat(yaml.Select(c => c switch
    {
        '\n' => "⏎\n",
        '\t' => "⇥",
        '\r' => "␍",
        _ when char.IsControl(c) || char.IsSurrogate(c) || c > '\u007E' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
        _ => c.ToString(),
    }));

    /// <summary>The events of YamlDotNet's <paramref name="parser"/> to its end, described, and the error that ended them if one did.</summary>
    public static (List<string> Events, string? Error) Read(IParser parser) => Read(parser.MoveNext, () => YamlEvent.From(parser.Current!));

    /// <summary>The events of <paramref name="parser"/> to its end, described, and the error that ended them if one did.</summary>
    public static (List<string> Events, string? Error) Read(BlockYamlParser parser) => Read(parser.MoveNext, () => parser.Current);

    private static (List<string> Events, string? Error) Read(Func<bool> moveNext, Func<YamlEvent> current)
    {
        var events = new List<string>();
        try
        {
            while (moveNext())
            {
                events.Add(Describe(current()));
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            return (events, $"{e.GetType().Name}: {e.Message}");
        }

        return (events, null);
    }

    /// <summary>Every field of the event (YamlDotNet's events have no more, but for the key flag and a document's directives).</summary>
    private static string Describe(YamlEvent e)
    {
        var marks = string.Create(CultureInfo.InvariantCulture, $"[{e.Start.Index},{e.Start.Line},{e.Start.Column}-{e.End.Index},{e.End.Line},{e.End.Column}]");
        return e.Kind switch
        {
            YamlEventKind.Scalar => $"Scalar {Show(e.Value)} {e.ScalarStyle} plain={e.IsImplicit} quoted={e.IsQuotedImplicit} &{e.Anchor} !{e.Tag} {marks}",
            YamlEventKind.MappingStart => $"MappingStart {e.MappingStyle} implicit={e.IsImplicit} &{e.Anchor} !{e.Tag} {marks}",
            YamlEventKind.SequenceStart => $"SequenceStart {e.SequenceStyle} implicit={e.IsImplicit} &{e.Anchor} !{e.Tag} {marks}",
            YamlEventKind.DocumentStart or YamlEventKind.DocumentEnd => $"{e.Kind} implicit={e.IsImplicit} {marks}",
            YamlEventKind.Alias => $"Alias {e.Value} {marks}",
            _ => $"{e.Kind} {marks}",
        };
    }

    /// <summary>Gives the text a few characters per read, so that documents and lines straddle reads.</summary>
    private sealed class TrickleReader(string text, int perRead) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, perRead), text.Length - _position);
            text.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Peek() => _position < text.Length ? text[_position] : -1;

        public override int Read() => _position < text.Length ? text[_position++] : -1;
    }
}
