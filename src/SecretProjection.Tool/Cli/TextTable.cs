using System.Text;

namespace SecretProjection.Tool.Cli;

/// <summary>An aligned text table for people, like kubectl's: upper-case headers, columns padded by three spaces.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers) => _headers = headers;

    /// <summary>Adds a row; control characters are escaped here, so that the column widths count what is printed.</summary>
    public void Add(params string[] cells) => _rows.Add([.. cells.Select(PrintableWriter.Escape)]);

    public void WriteTo(TextWriter output)
    {
        var widths = _headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length && i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteRow(output, _headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 3));
        }

        output.WriteLine(line.ToString().TrimEnd());
    }
}
