using System.Runtime.CompilerServices;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// A parser for the block YAML that <c>kubectl</c> writes (block mappings and sequences, indentless sequences,
/// one-line plain and quoted scalars, <c>{}</c> and <c>[]</c>, comments, <c>---</c>), producing the events of
/// YamlDotNet's parser with the same marks, as <see cref="YamlEvent"/> structs: without a token or a string per
/// indicator, and without an object per event. They carry no key flag (YamlDotNet's <see cref="Scalar.IsKey"/>): the
/// reader does not read it. A key's string is made once per thread (<see cref="ReaderScratch.Key"/>). The input is
/// read a document at a time (documents split at lines that are <c>---</c> or start with <c>--- </c>); each document
/// is parsed whole before its first event is given out, and from the first document outside the subset the rest of
/// the input is handed to YamlDotNet's parser, its marks shifted to the lines of the whole input.
/// </summary>
internal sealed class BlockYamlParser
{
    private const int ReadSize = 16 * 1024;

    /// <summary>
    /// The most text of one document buffered before its first event is handed out, in characters (1 MiB). A
    /// document is parsed whole, so without a bound a <c>kind: List</c> of many items (one document, as
    /// <c>kubectl get -o yaml</c> writes it) would be held whole with all its events, where the reader streams a
    /// List item by item. A larger document goes to YamlDotNet's parser, which streams, with the rest of the
    /// input. The largest object the API server accepts is 3 MiB, so a single object past the bound is rare.
    /// </summary>
    internal const int MaxBufferedDocument = 1 << 20;

    private const int TooLong = -2;

    private readonly TextReader _reader;
    private readonly ReaderScratch _scratch;
    private readonly ValueList<YamlEvent> _events;
    private readonly ValueList<int> _lineStarts;
    private char[] _text;
    private int _length;
    private bool _eof;

    // The chunk (document) being read: where it starts in _text, and the position of _text[0] in the input.
    private int _chunkStart;
    private long _baseIndex;
    private long _chunkLine = 1;

    // Where YamlDotNet starts after a fallback: the last document with content before the chunk, kept in the buffer,
    // and the document ends given out since then. YamlDotNet's scanner carries state from one document into the
    // next (a simple key left possible after "---"), so it is started on the document before, whose events it then
    // drops, rather than fresh at the chunk.
    private int _replayStart;
    private long _replayLine = 1;
    private int _replayDocumentEnds;
    private int _next;
    private bool _streamStarted;
    private bool _streamEnded;
    private ShiftedYamlParser? _fallback;

    // The current event when it is not _events[_next - 1]: none yet, none after the end, or the fallback's.
    private YamlEvent _current;
    private bool _inEvents;

    // Parse state of one chunk.
    private int _chunkEnd;
    private int _line;

    public BlockYamlParser(TextReader reader)
        : this(reader, new ReaderScratch())
    {
    }

    /// <summary>A parser that reads into <paramref name="scratch"/>'s buffers, which it must have alone until the input ends.</summary>
    public BlockYamlParser(TextReader reader, ReaderScratch scratch)
    {
        _reader = reader;
        _scratch = scratch;
        _events = scratch.Events;
        _lineStarts = scratch.LineStarts;
        _text = scratch.Text;
    }

    /// <summary>The current event, valid until the next <see cref="MoveNext"/>; before the first, one of no kind.</summary>
    public ref readonly YamlEvent Current => ref (_inEvents ? ref _events[_next - 1] : ref _current);

    /// <summary>Whether a document outside the subset handed the rest of the input to YamlDotNet.</summary>
    public bool FellBack => _fallback is not null;

    /// <summary>The line (of the whole input) the parser has read to, for errors that carry no position.</summary>
    public long CurrentLine => _fallback?.CurrentLine ?? _chunkLine;

    /// <summary>
    /// Takes the current event, which must be of <paramref name="kind"/> (before the first event, the first), and
    /// moves past it, as YamlDotNet's <c>Consume</c>.
    /// </summary>
    /// <exception cref="YamlException">The current event is of another kind.</exception>
    public void Consume(YamlEventKind kind)
    {
        if (!TryConsume(kind))
        {
            var current = Current;
            throw current.Error($"Expected '{kind}', got '{current.Kind}' (at {current.Start.ToMark()}).");
        }
    }

    /// <summary>Moves past the current event when it is of <paramref name="kind"/> (before the first event, the first).</summary>
    public bool TryConsume(YamlEventKind kind)
    {
        if (!Accept(kind))
        {
            return false;
        }

        MoveNext();
        return true;
    }

    /// <summary>Whether the current event (before the first event, the first) is of <paramref name="kind"/>.</summary>
    /// <exception cref="EndOfStreamException">The input ended before.</exception>
    public bool Accept(YamlEventKind kind)
    {
        if (Current.Kind == YamlEventKind.None && !MoveNext())
        {
            throw new EndOfStreamException();
        }

        return Current.Kind == kind;
    }

    public bool MoveNext()
    {
        if (_fallback is { } fallback)
        {
            var moved = fallback.MoveNext();
            (_current, _inEvents) = (fallback.Current, false);
            return moved;
        }

        while (_next == _events.Count)
        {
            if (_streamEnded)
            {
                (_current, _inEvents) = (default, false);
                return Refuse();
            }

            _events.Clear();
            _next = 0;
            if (!_streamStarted)
            {
                _streamStarted = true;
                _events.Add(YamlEvent.StreamStart(new TextMark(0, 1, 1)));
                continue;
            }

            if (!ReadChunk())
            {
                return MoveNext();
            }
        }

        _next++;
        _inEvents = true;
        return true;
    }

    /// <summary>Reads and parses the next document; false when the rest of the input went to YamlDotNet.</summary>
    private bool ReadChunk()
    {
        // The chunk: from _chunkStart to the start of the next line that begins a document, or the end.
        _lineStarts.Clear();
        var position = _chunkStart;
        var first = true;
        while (true)
        {
            var lineEnd = FindLineEnd(ref position);
            if (lineEnd == TooLong)
            {
                FallBack();
                return false;
            }

            if (lineEnd < 0)
            {
                // The input ended inside the line (or at its start).
                if (position < _length)
                {
                    _lineStarts.Add(position);
                }

                _chunkEnd = _length;
                break;
            }

            if (!first && IsDocumentMarker(position, lineEnd))
            {
                _chunkEnd = position;
                break;
            }

            _lineStarts.Add(position);
            first = false;
            position = lineEnd + 1;
        }

        if (!ParseChunk())
        {
            FallBack();
            return false;
        }

        var documentEnds = 0;
        var hasContent = false;
        for (var i = 0; i < _events.Count; i++)
        {
            var kind = _events[i].Kind;
            documentEnds += kind == YamlEventKind.DocumentEnd ? 1 : 0;
            hasContent |= kind == YamlEventKind.MappingStart;
        }

        if (hasContent)
        {
            (_replayStart, _replayLine, _replayDocumentEnds) = (_chunkStart, _chunkLine, documentEnds);
        }
        else
        {
            _replayDocumentEnds += documentEnds;
        }

        _chunkLine += _lineStarts.Count;
        _chunkStart = _chunkEnd;
        if (_chunkStart >= _length && _eof)
        {
            var end = EndMark();
            _events.Add(YamlEvent.StreamEnd(end));
            _streamEnded = true;
        }

        return true;
    }

    /// <summary>
    /// Hands the chunk and the rest of the input to YamlDotNet's parser, started on the last document with content
    /// before it (whose events, given out already, it drops); no event of the chunk was given out.
    /// </summary>
    private void FallBack()
    {
        _events.Clear();
        _next = 0;
        _fallback = new ShiftedYamlParser(new BufferedThenRestReader(_text, _replayStart, _length, _eof ? null : _reader), _baseIndex + _replayStart, _replayLine - 1, _replayDocumentEnds);
    }

    /// <summary>
    /// The index of the '\n' ending the line at <paramref name="position"/>, reading more as needed; -1 at the end
    /// of input, <see cref="TooLong"/> when the chunk would grow past <see cref="MaxBufferedDocument"/>.
    /// </summary>
    private int FindLineEnd(ref int position)
    {
        var from = position;
        while (true)
        {
            var found = Array.IndexOf(_text, '\n', from, _length - from);
            if (found >= 0)
            {
                return found;
            }

            if (_eof)
            {
                return -1;
            }

            if (_length - _chunkStart >= MaxBufferedDocument)
            {
                return TooLong;
            }

            from = _length;
            var shift = Fill();
            if (shift > 0)
            {
                // Once per chunk at most: the text from the replay start then starts at the buffer's start.
                position -= shift;
                from -= shift;
                for (var i = 0; i < _lineStarts.Count; i++)
                {
                    _lineStarts[i] -= shift;
                }
            }
        }
    }

    /// <summary>Reads more text, keeping the chunk; returns how far the text moved towards the buffer's start.</summary>
    private int Fill()
    {
        var shift = _replayStart;
        if (shift > 0)
        {
            Array.Copy(_text, shift, _text, 0, _length - shift);
            _length -= shift;
            _baseIndex += shift;
            _chunkStart -= shift;
            _replayStart = 0;
        }

        if (_text.Length - _length < Math.Min(ReadSize, _text.Length / 2)) // a read of at least half the buffer, up to ReadSize
        {
            Array.Resize(ref _text, _text.Length * 2);
            _scratch.Text = _text;
        }

        // At most ReadSize at a time, so that no more than about MaxBufferedDocument is read ahead of a fallback.
        var read = _reader.Read(_text, _length, Math.Min(ReadSize, _text.Length - _length));
        if (read <= 0)
        {
            _eof = true;
        }
        else
        {
            _length += read;
        }

        return shift;
    }

    private bool IsDocumentMarker(int start, int end) =>
        end - start >= 3 && _text[start] == '-' && _text[start + 1] == '-' && _text[start + 2] == '-'
        && (end - start == 3 || _text[start + 3] == ' ');

    /// <summary>The end of the input as YamlDotNet marks it: the line after the last, column 1.</summary>
    private TextMark EndMark() => new(_baseIndex + _length, _chunkLine, 1);

    // ---- parsing one chunk ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TextMark MarkAt(int lineIndex, int position) =>
        new(_baseIndex + position, _chunkLine + lineIndex, position - _lineStarts[lineIndex] + 1);

    private int LineEnd(int lineIndex) =>
        lineIndex + 1 < _lineStarts.Count ? _lineStarts[lineIndex + 1] - 1
        : _chunkEnd > _lineStarts[lineIndex] && _text[_chunkEnd - 1] == '\n' ? _chunkEnd - 1 : _chunkEnd;

    /// <summary>The mark where the next token after the current node starts: the next content line, or the chunk's end.</summary>
    private TextMark NextTokenMark(int lineIndex, int column)
    {
        if (lineIndex < _lineStarts.Count)
        {
            return MarkAt(lineIndex, _lineStarts[lineIndex] + column);
        }

        // The next document's "---", or the end of the input: the same mark.
        return new TextMark(_baseIndex + _chunkEnd, _chunkLine + _lineStarts.Count, 1);
    }

    /// <summary>Parses the chunk into events; false when it is outside the subset.</summary>
    private bool ParseChunk()
    {
        // Input that ends without a line break in a blank or comment-only line: YamlDotNet ends the blocks indented
        // deeper than that line on it, and the others on the line after; the subset leaves that to YamlDotNet.
        if (_eof && _chunkEnd == _length && _chunkEnd > _chunkStart && _text[_chunkEnd - 1] != '\n' && _lineStarts.Count > 0)
        {
            var last = SkipSpaces(_lineStarts[^1], _chunkEnd);
            if (last == _chunkEnd || _text[last] == '#')
            {
                return Refuse();
            }
        }

        // Refuse what the subset does not cover anywhere in the chunk: tabs, carriage returns, control and
        // special characters, directives and document ends.
        for (var i = _chunkStart; i < _chunkEnd; i++)
        {
            var c = _text[i];
            if (c < ' ' ? c != '\n' : c >= 0x7F && (c < 0xA0 || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF'))
            {
                return Refuse();
            }
        }

        var explicitStart = false;
        _line = 0;
        if (_lineStarts.Count > 0 && IsDocumentMarker(_lineStarts[0], LineEnd(0)))
        {
            explicitStart = true;
            var rest = SkipSpaces(_lineStarts[0] + 3, LineEnd(0));
            if (rest < LineEnd(0) && _text[rest] != '#')
            {
                return Refuse();
            }
        }

        for (var i = 0; i < _lineStarts.Count; i++)
        {
            var start = _lineStarts[i];
            if (_text[start] is '%' || (_chunkEnd - start >= 3 && _text[start] == '.' && _text[start + 1] == '.' && _text[start + 2] == '.' && (start + 3 >= _chunkEnd || _text[start + 3] is ' ' or '\n')))
            {
                return Refuse();
            }
        }

        var contentLine = NextContent(explicitStart ? 1 : 0, out var column);
        if (!explicitStart && contentLine < 0)
        {
            return true; // nothing but comments: no document
        }

        if (explicitStart)
        {
            var s = MarkAt(0, _lineStarts[0]);
            var e = MarkAt(0, _lineStarts[0] + 3);
            _events.Add(YamlEvent.DocumentStart(false, s, e));
        }
        else
        {
            var s = MarkAt(contentLine, _lineStarts[contentLine] + column);
            _events.Add(YamlEvent.DocumentStart(true, s, s));
        }

        if (contentLine < 0)
        {
            // YamlDotNet marks the empty node where its scanner stands: past the next token.
            TextMark at;
            if (_chunkEnd < _length || !_eof)
            {
                at = new TextMark(_baseIndex + _chunkEnd + 3, _chunkLine + _lineStarts.Count, 4);
            }
            else if (_chunkEnd > 0 && _text[_chunkEnd - 1] == '\n')
            {
                at = new TextMark(_baseIndex + _chunkEnd + 1, _chunkLine + _lineStarts.Count, 2);
            }
            else
            {
                return Refuse();
            }

            AddEmpty(at);
        }
        else
        {
            if (!IsKeyEntry(contentLine, _lineStarts[contentLine] + column))
            {
                return Refuse(); // a document that is not a mapping: not a manifest, and YamlDotNet marks it otherwise
            }

            _line = contentLine;
            if (!ParseBlockNode(contentLine, _lineStarts[contentLine] + column, -1, out var after) || after >= 0)
            {
                return Refuse();
            }
        }

        var end = NextTokenMark(_lineStarts.Count, 0);
        _events.Add(YamlEvent.DocumentEnd(true, end));
        return true;
    }

    /// <summary>The next line at or after <paramref name="from"/> with content (not blank, not a comment); -1 if none.</summary>
    private int NextContent(int from, out int column)
    {
        for (var i = from; i < _lineStarts.Count; i++)
        {
            var start = _lineStarts[i];
            var end = LineEnd(i);
            var p = SkipSpaces(start, end);
            if (p < end && _text[p] != '#')
            {
                column = p - start;
                return i;
            }
        }

        column = 0;
        return -1;
    }

    private int SkipSpaces(int p, int end)
    {
        while (p < end && _text[p] == ' ')
        {
            p++;
        }

        return p;
    }

    /// <summary>
    /// Parses the node starting at <paramref name="position"/> on line <paramref name="line"/>, which is the first
    /// content of a block node whose parent has indentation <paramref name="parentIndent"/>.
    /// <paramref name="nextLine"/> is the next content line after the node.
    /// </summary>
    private bool ParseBlockNode(int line, int position, int parentIndent, out int nextLine)
    {
        nextLine = -1;
        var end = LineEnd(line);
        var c = _text[position];
        if (c == '-' && (position + 1 == end || _text[position + 1] == ' '))
        {
            return ParseSequence(line, position, position - _lineStarts[line], indentless: false, out nextLine);
        }

        if (IsKeyEntry(line, position))
        {
            return ParseMapping(line, position, out nextLine);
        }

        // A scalar or {} / [] on its own line.
        if (!ParseInlineValue(line, position, isKey: false, out var after))
        {
            return Refuse();
        }

        if (!EndOfLine(after, end))
        {
            return Refuse();
        }

        nextLine = NextContent(line + 1, out var column);
        return nextLine < 0 || column <= parentIndent;
    }

    private bool ParseMapping(int line, int position, out int nextLine)
    {
        nextLine = -1;
        var indent = position - _lineStarts[line];
        var startMark = MarkAt(line, position);
        _events.Add(YamlEvent.MappingStart(MappingStyle.Block, startMark, startMark));
        while (true)
        {
            var end = LineEnd(line);
            if (!ParseKey(line, position, out var p))
            {
                return Refuse();
            }

            // p is just past ':'.
            var valueAt = SkipSpaces(p, end);
            int next;
            int column;
            if (valueAt == end || _text[valueAt] == '#')
            {
                if (valueAt < end && valueAt == p)
                {
                    return Refuse(); // "key:#": not a comment
                }

                next = NextContent(line + 1, out column);
                if (next >= 0 && (column > indent || (column == indent && IsSequenceEntry(next, column))))
                {
                    var at = _lineStarts[next] + column;
                    if (column == indent)
                    {
                        if (!ParseSequence(next, at, indent, indentless: true, out next))
                        {
                            return Refuse();
                        }
                    }
                    else if (!ParseBlockNode(next, at, indent, out next))
                    {
                        return Refuse();
                    }

                    column = ColumnOf(next);
                }
                else
                {
                    AddEmpty(MarkAt(line, p));
                }
            }
            else
            {
                if (!ParseInlineValue(line, valueAt, isKey: false, out var after) || !EndOfLine(after, end))
                {
                    return Refuse();
                }

                next = NextContent(line + 1, out column);
                if (next >= 0 && column > indent)
                {
                    return Refuse(); // a continuation line
                }
            }

            if (next < 0 || column < indent)
            {
                var endMark = next < 0 ? NextTokenMark(_lineStarts.Count, 0) : MarkAt(next, _lineStarts[next] + column);
                _events.Add(YamlEvent.MappingEnd(endMark, endMark));
                nextLine = next;
                return true;
            }

            if (column > indent || !IsKeyEntry(next, _lineStarts[next] + column))
            {
                return Refuse();
            }

            line = next;
            position = _lineStarts[next] + column;
        }
    }

    private int ColumnOf(int line) => line >= 0 ? SkipSpaces(_lineStarts[line], LineEnd(line)) - _lineStarts[line] : 0;

    private bool IsSequenceEntry(int line, int column)
    {
        var p = _lineStarts[line] + column;
        return _text[p] == '-' && (p + 1 == LineEnd(line) || _text[p + 1] == ' ');
    }

    private bool ParseSequence(int line, int position, int indent, bool indentless, out int nextLine)
    {
        nextLine = -1;
        _events.Add(YamlEvent.SequenceStart(SequenceStyle.Block, MarkAt(line, position), MarkAt(line, indentless ? position + 1 : position)));
        while (true)
        {
            var end = LineEnd(line);
            var valueAt = SkipSpaces(position + 1, end);
            int next;
            int column;
            if (valueAt == end || _text[valueAt] == '#')
            {
                next = NextContent(line + 1, out column);
                if (next >= 0 && column > indent)
                {
                    if (!ParseBlockNode(next, _lineStarts[next] + column, indent, out next))
                    {
                        return Refuse();
                    }

                    column = ColumnOf(next);
                }
                else
                {
                    AddEmpty(MarkAt(line, position + 1));
                }
            }
            else if (_text[valueAt] == '-' && (valueAt + 1 == end || _text[valueAt + 1] == ' '))
            {
                return Refuse(); // "- - x"
            }
            else if (IsKeyEntry(line, valueAt))
            {
                if (!ParseMapping(line, valueAt, out next))
                {
                    return Refuse();
                }

                column = ColumnOf(next);
            }
            else
            {
                if (!ParseInlineValue(line, valueAt, isKey: false, out var after) || !EndOfLine(after, end))
                {
                    return Refuse();
                }

                next = NextContent(line + 1, out column);
                if (next >= 0 && column > indent)
                {
                    return Refuse();
                }
            }

            if (next >= 0 && column == indent && IsSequenceEntry(next, column))
            {
                line = next;
                position = _lineStarts[next] + column;
                continue;
            }

            if (next >= 0 && (column > indent || (column == indent && !indentless)))
            {
                return Refuse();
            }

            var endMark = next < 0 ? NextTokenMark(_lineStarts.Count, 0) : MarkAt(next, _lineStarts[next] + column);
            _events.Add(YamlEvent.SequenceEnd(endMark, endMark));
            nextLine = next;
            return true;
        }
    }

    /// <summary>Whether the content at <paramref name="position"/> is a simple key followed by ':'.</summary>
    private bool IsKeyEntry(int line, int position)
    {
        var end = LineEnd(line);
        var c = _text[position];
        if (c is '"' or '\'')
        {
            var close = FindQuoteEnd(position, end);
            if (close < 0)
            {
                return Refuse();
            }

            var p = SkipSpaces(close, end);
            return p < end && _text[p] == ':' && (p + 1 == end || _text[p + 1] == ' ');
        }

        for (var p = position; p < end; p++)
        {
            if (_text[p] == ':' && (p + 1 == end || _text[p + 1] == ' '))
            {
                return true;
            }

            if (_text[p] == '#' && p > position && _text[p - 1] == ' ')
            {
                return Refuse();
            }
        }

        return Refuse();
    }

    /// <summary>The index just past a quoted scalar's closing quote on this line; -1 if it does not close.</summary>
    private int FindQuoteEnd(int position, int end)
    {
        var quote = _text[position];
        for (var p = position + 1; p < end; p++)
        {
            if (quote == '"' && _text[p] == '\\')
            {
                p++;
                continue;
            }

            if (_text[p] == quote)
            {
                if (quote == '\'' && p + 1 < end && _text[p + 1] == '\'')
                {
                    p++;
                    continue;
                }

                return p + 1;
            }
        }

        return -1;
    }

    private bool ParseKey(int line, int position, out int afterColon)
    {
        afterColon = -1;
        var end = LineEnd(line);
        int keyEnd;
        if (_text[position] is '"' or '\'')
        {
            if (!ParseQuoted(line, position, end, isKey: true, out keyEnd))
            {
                return Refuse();
            }

            if (keyEnd >= end || _text[keyEnd] != ':')
            {
                return Refuse(); // "key" : value, with space before the colon
            }
        }
        else
        {
            var p = position;
            while (!(_text[p] == ':' && (p + 1 == end || _text[p + 1] == ' ')))
            {
                p++;
            }

            if (p == position || _text[p - 1] == ' ' || !PlainStartOk(position, p))
            {
                return Refuse();
            }

            AddPlain(line, position, p, isKey: true);
            keyEnd = p;
        }

        if (keyEnd - position > 1024)
        {
            return Refuse();
        }

        afterColon = keyEnd + 1;
        return true;
    }

    /// <summary>A value on the rest of the line: a plain or quoted scalar, <c>{}</c> or <c>[]</c>.</summary>
    private bool ParseInlineValue(int line, int position, bool isKey, out int after)
    {
        var end = LineEnd(line);
        after = -1;
        var c = _text[position];
        if (c is '"' or '\'')
        {
            return ParseQuoted(line, position, end, isKey, out after);
        }

        if (c is '{' or '[')
        {
            if (position + 1 < end && _text[position + 1] == (c == '{' ? '}' : ']'))
            {
                var s = MarkAt(line, position);
                var e = s;
                var s2 = MarkAt(line, position + 1);
                var e2 = s2;
                if (c == '{')
                {
                    _events.Add(YamlEvent.MappingStart(MappingStyle.Flow, s, e));
                    _events.Add(YamlEvent.MappingEnd(s2, e2));
                }
                else
                {
                    _events.Add(YamlEvent.SequenceStart(SequenceStyle.Flow, s, e));
                    _events.Add(YamlEvent.SequenceEnd(s2, e2));
                }

                after = position + 2;
                return true;
            }

            return Refuse();
        }

        // A plain scalar: to a comment or the end of the line, trailing spaces trimmed.
        var p = position;
        var last = position;
        while (p < end)
        {
            var ch = _text[p];
            if (ch == '#' && _text[p - 1] == ' ')
            {
                break;
            }

            if (ch == ':' && (p + 1 == end || _text[p + 1] == ' '))
            {
                return Refuse(); // a key where a value belongs
            }

            if (ch != ' ')
            {
                last = p + 1;
            }

            p++;
        }

        if (!PlainStartOk(position, last))
        {
            return Refuse();
        }

        AddPlain(line, position, last, isKey);
        after = last;
        return true;
    }

    private bool PlainStartOk(int position, int end)
    {
        var c = _text[position];
        if (c is '-' or '?' or ':')
        {
            return position + 1 < end && _text[position + 1] != ' ';
        }

        return c is not (',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`');
    }

    /// <summary>An empty plain scalar (a key's missing value, or a missing key), at one point.</summary>
    private void AddEmpty(TextMark at) => _events.Add(YamlEvent.Scalar(string.Empty, ScalarStyle.Plain, true, false, at, at));

    private void AddPlain(int line, int start, int end, bool isKey)
    {
        var text = _text.AsSpan(start, end - start);
        var value = isKey ? _scratch.Key(text) : ReaderScratch.KnownValue(text) ?? new string(text);
        _events.Add(YamlEvent.Scalar(value, ScalarStyle.Plain, true, false, MarkAt(line, start), MarkAt(line, end)));
    }

    private bool ParseQuoted(int line, int position, int end, bool isKey, out int after)
    {
        after = FindQuoteEnd(position, end);
        if (after < 0)
        {
            return Refuse();
        }

        var quote = _text[position];
        var inner = _text.AsSpan(position + 1, after - position - 2);
        string value;
        if (quote == '\'')
        {
            value = inner.Contains('\'') ? inner.ToString().Replace("''", "'", StringComparison.Ordinal) : inner.ToString();
        }
        else if (inner.Contains('\\'))
        {
            var builder = new StringBuilder(inner.Length);
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] != '\\')
                {
                    builder.Append(inner[i]);
                    continue;
                }

                i++;
                switch (inner[i])
                {
                    case '\\': builder.Append('\\'); break;
                    case '"': builder.Append('"'); break;
                    case '/': builder.Append('/'); break;
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case '0': builder.Append('\0'); break;
                    default: return Refuse();
                }
            }

            value = builder.ToString();
        }
        else
        {
            value = inner.ToString();
        }

        _events.Add(YamlEvent.Scalar(value, quote == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, false, true, MarkAt(line, position), MarkAt(line, after)));
        return true;
    }

    /// <summary>The text is outside the subset: YamlDotNet reads it (one place to break on while debugging).</summary>
    private static bool Refuse() => false;

    /// <summary>Whether only spaces and a comment follow <paramref name="position"/> on the line.</summary>
    private bool EndOfLine(int position, int end)
    {
        var p = SkipSpaces(position, end);
        return p == end || (_text[p] == '#' && p > position);
    }
}
