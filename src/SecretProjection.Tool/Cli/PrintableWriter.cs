using System.Globalization;
using System.Text;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// The text output for people. Names, paths, messages and revealed values come from the input and may hold
/// control characters; written raw, a newline would split a table row and an escape sequence would drive the
/// terminal. This writer escapes every control character (<c>\n</c>, <c>\r</c>, <c>\t</c>, else <c>\u001b</c>);
/// only <see cref="TextWriter.WriteLine()"/> ends a line.
/// </summary>
internal sealed class PrintableWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
{
    public override Encoding Encoding => inner.Encoding;

    /// <summary>The writer under <paramref name="output"/>, for text whose control characters are escaped already (whole lines of a table).</summary>
    public static TextWriter Unescaped(TextWriter output) => output is PrintableWriter printable ? printable.Inner : output;

    private TextWriter Inner => inner;

    /// <summary>The text with each control character written as an escape.</summary>
    public static string Escape(string? text)
    {
        if (text is null || !HasControl(text))
        {
            return text ?? string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether the text has a control character (<see cref="char.IsControl(char)"/>: U+0000 to U+001F, U+007F to
    /// U+009F). A loop of our own: a table cell is short, and the runtime library's span search, called from the
    /// tool's precompiled code, spent about 10 ms in the runtime over the 60,000 cells of a 20,000-row table.
    /// </summary>
    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (c < '\u0020' || c is >= '\u007F' and <= '\u009F')
            {
                return true;
            }
        }

        return false;
    }

    public override void Write(char value) => inner.Write(Escape(value.ToString()));

    public override void Write(string? value) => inner.Write(Escape(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Escape(new string(buffer, index, count)));

    public override void Write(ReadOnlySpan<char> buffer) => inner.Write(Escape(buffer.ToString()));

    public override void WriteLine() => inner.WriteLine();

    public override void WriteLine(string? value) => inner.WriteLine(Escape(value));

    public override void WriteLine(ReadOnlySpan<char> buffer) => inner.WriteLine(Escape(buffer.ToString()));

    public override void WriteLine(char[] buffer, int index, int count) => inner.WriteLine(Escape(new string(buffer, index, count)));

    public override void Flush() => inner.Flush();
}
