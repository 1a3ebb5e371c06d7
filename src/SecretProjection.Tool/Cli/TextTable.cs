using System.Runtime.InteropServices;
using System.Text;

namespace SecretProjection.Tool.Cli;

/// <summary>An aligned text table for people, like kubectl's: upper-case headers, columns padded by three spaces.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;

    // Every row's cells, one row after another, and where each row ends: a table of 20,000 rows without an array
    // per row.
    private readonly List<string> _cells = [];
    private readonly List<int> _rowEnds = [];

    public TextTable(params string[] headers) => _headers = headers;

    /// <summary>Adds a row; control characters are escaped here, so that the column widths count what is printed.</summary>
    public void Add(params ReadOnlySpan<string> cells)
    {
        foreach (var cell in cells)
        {
            _cells.Add(PrintableWriter.Escape(cell));
        }

        _rowEnds.Add(_cells.Count);
    }

    public void WriteTo(TextWriter output)
    {
        var widths = _headers.Select(h => h.Length).ToArray();
        for (var r = 0; r < _rowEnds.Count; r++)
        {
            var row = Row(r);
            for (var i = 0; i < row.Length && i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        // Rows are written in chunks (a console writer flushes on every write, and a table may have 20,000 rows),
        // past the escaping writer: the cells were escaped when they were added. A chunk is written from the
        // builder's own memory, which stays below the large object heap: a string of each chunk would take fresh
        // pages there every time.
        output = PrintableWriter.Unescaped(output);
        var text = new StringBuilder(ChunkSize + 1024);
        WriteRow(text, _headers, widths);
        for (var r = 0; r < _rowEnds.Count; r++)
        {
            WriteRow(text, Row(r), widths);
            if (text.Length > ChunkSize)
            {
                Flush(output, text);
            }
        }

        Flush(output, text);
    }

    private const int ChunkSize = 16 << 10;

    private static void Flush(TextWriter output, StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            output.Write(chunk.Span);
        }

        text.Clear();
    }

    private ReadOnlySpan<string> Row(int index)
    {
        var start = index == 0 ? 0 : _rowEnds[index - 1];
        return CollectionsMarshal.AsSpan(_cells)[start.._rowEnds[index]];
    }

    private static void WriteRow(StringBuilder text, ReadOnlySpan<string> cells, int[] widths)
    {
        var start = text.Length;
        for (var i = 0; i < cells.Length; i++)
        {
            if (i == cells.Length - 1)
            {
                text.Append(cells[i]);
            }
            else
            {
                text.Append(cells[i]).Append(' ', widths[i] + 3 - cells[i].Length);
            }
        }

        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        text.Length = end;
        text.AppendLine();
    }
}
