using System.Globalization;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Cli;

/// <summary><see cref="PrintableWriter.Escape"/>: control characters, and only those, are written as escapes.</summary>
public sealed class PrintableWriterTests
{
    [Fact]
    public void Every_character_is_escaped_exactly_when_it_is_a_control_character()
    {
        for (var c = char.MinValue; ; c++)
        {
            var text = "a" + c + "b";

            var escaped = PrintableWriter.Escape(text);

            var expected = c switch
            {
                '\n' => "a\\nb",
                '\r' => "a\\rb",
                '\t' => "a\\tb",
                _ when char.IsControl(c) => "a\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) + "b",
                _ => text,
            };
            Assert.True(expected == escaped, $"U+{(int)c:X4}: expected {expected}, got {escaped}");
            if (c == char.MaxValue)
            {
                break;
            }
        }
    }

    [Fact]
    public void Text_without_control_characters_is_returned_as_it_is()
    {
        const string Name = "default/app-00001";

        Assert.Same(Name, PrintableWriter.Escape(Name));
        Assert.Equal(string.Empty, PrintableWriter.Escape(null));
    }
}
