using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// YamlDotNet's parser over the rest of the input, from the start of the first document
/// <see cref="BlockYamlParser"/> does not read, with its marks and errors shifted to the lines and indexes of the
/// whole input, so that what it reports reads as if YamlDotNet had read the input from its start.
/// </summary>
internal sealed class ShiftedYamlParser(TextReader rest, long index, long lines, int documentEndsToDrop)
{
    private readonly Scanner _scanner = new(rest);
    private Parser? _parser;

    public YamlEvent Current { get; private set; }

    public long CurrentLine => _scanner.CurrentPosition.Line + lines;

    public bool MoveNext()
    {
        _parser ??= Start();
        try
        {
            if (!_parser.MoveNext())
            {
                Current = default;
                return false;
            }
        }
        catch (YamlException e) when (e.Start.Index != 0 || e.End.Index != 0)
        {
            // The same exception (type and message) as YamlDotNet's on the whole input; one without a position
            // (a tab as indentation) passes as it is.
            var message = ManifestStream.Describe(e);
            var (start, end) = (Shift(e.Start), Shift(e.End));
            throw e switch
            {
                SemanticErrorException => new SemanticErrorException(start, end, message),
                SyntaxErrorException => new SyntaxErrorException(start, end, message),
                _ => new YamlException(start, end, message, e),
            };
        }

        Current = Shift(_parser.Current!);
        return true;
    }

    private Parser Start()
    {
        var parser = new Parser(_scanner);
        parser.MoveNext(); // its StreamStart: ours was given already
        for (var dropped = 0; dropped < documentEndsToDrop && parser.MoveNext();)
        {
            // The documents before the one the block parser could not read: their events were given out already.
            dropped += parser.Current is DocumentEnd ? 1 : 0;
        }

        return parser;
    }

    private Mark Shift(Mark m) => TextMark.From(m, index, lines).ToMark();

    // YamlDotNet marks some events it makes up (the mapping of a pair in a flow sequence, "[ a: b ]") as Mark.Empty,
    // at index 0. The fallback's text starts with "---", so only its DocumentStart is really there.
    private YamlEvent Shift(ParsingEvent e) => e is not DocumentStart && e.Start.Index == 0 && index > 0
        ? YamlEvent.From(e)
        : YamlEvent.From(e, index, lines);
}
