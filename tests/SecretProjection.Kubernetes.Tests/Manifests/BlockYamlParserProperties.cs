using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Kubernetes.Manifests;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>
/// <see cref="BlockYamlParser"/> against YamlDotNet's parser on generated YAML as kubectl writes it (nested block
/// mappings and sequences, indentless sequences, plain and quoted scalars of awkward characters, comments, blank
/// lines, several documents), half of it then broken line by line, so that inputs just outside the subset and
/// malformed ones are compared too: the same events with the same marks, or the same error after them. A failure
/// prints FsCheck's seed, from which <c>Replay</c> runs it again.
/// </summary>
public class BlockYamlParserProperties
{
    // Characters of values as they mostly are, with non-ASCII text and a surrogate pair (an emoji) among them.
    private static readonly Gen<string> PlainCharacter = Gen.Frequency(
        (20, Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./_=+-".Select(c => c.ToString()).ToArray())),
        (1, Gen.Elements(" ", " ", ":", "#", "'", "\"", "\\")),
        (2, Gen.Elements("é", "ß", "€", "日本", "\u00A0", "\u00FF", "\uFFFD", "\uD83D\uDE00", "\U0001F511")));

    // And any character with a meaning somewhere in YAML.
    private static readonly Gen<string> ValueCharacter = Gen.Frequency(
        (6, PlainCharacter),
        (1, Gen.Elements(" ", "-", ":", "#", "'", "\"", "\\", ",", "?", "&", "*", "!", "|", ">", "%", "@", "`", "~", "{", "}", "[", "]")));

    private static readonly Gen<string> KeyCharacter = Gen.Frequency(
        (60, Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789.-_/".Select(c => c.ToString()).ToArray())),
        (2, Gen.Elements(" ", ":", "#", "'", "\"", "é", "\uD83D\uDE00")));

    // What a line-by-line mutation inserts.
    private static readonly Gen<string> Inserted = Gen.Elements(
        "\t", "\r", "&a ", "*a", "!", "!!str ", "|", ">", "|-", "'", "\"", "#", " #", "-", "- ", ":", ": ", "{", "}", "[", "]", "?", "? ",
        "%", "...", "---", " ", "  ", "\u0085", "\uFEFF", "\u2028", "\uD83D", "\0", "\u007F", "é", "\\", ",", "@");

    public static Arbitrary<string> Inputs() =>
        Gen.Frequency(
            (1, Stream()),
            (1, Stream().SelectMany(text => Mutation().ArrayOf().Select(ms => ms.Take(4).Aggregate(text, Apply)))))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(BlockYamlParserProperties)], MaxTest = 600)]
    public void Generated_and_broken_block_yaml_gives_the_events_of_YamlDotNet(string yaml) => YamlEvents.AssertSame(yaml);

    [Fact]
    public void Most_generated_documents_are_read_without_YamlDotNet()
    {
        // Else the property would compare YamlDotNet with itself.
        var documents = Document().Sample(300, 10);
        var alone = documents.Count(YamlEvents.ReadAlone);
        Assert.True(alone >= documents.Length * 2 / 5, $"{alone} of {documents.Length} generated documents read by the block parser alone");
    }

    private static Gen<string> Stream() =>
        from documents in Document().ArrayOf().Select(d => d.Take(3).ToArray())
        from separators in Gen.Elements("---\n", "---\n", "--- \n", "--- # next\n", "---\n---\n").ArrayOf(documents.Length + 1)
        from leading in Gen.Elements(true, false)
        from finalNewline in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        select Join(documents, separators, leading, finalNewline);

    private static string Join(string[] documents, string[] separators, bool leading, bool finalNewline)
    {
        var text = leading ? separators[0] : string.Empty;
        for (var i = 0; i < documents.Length; i++)
        {
            text += (i > 0 ? separators[i] : string.Empty) + documents[i];
        }

        return finalNewline || text.Length == 0 ? text : text.TrimEnd('\n');
    }

    private static Gen<string> Document() =>
        from indent in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(2)))
        from lines in Mapping(indent, 3)
        from decorated in Decorate(lines)
        select string.Concat(decorated.Select(l => l + "\n"));

    /// <summary>Comments and blank lines between lines and after values, now and then.</summary>
    private static Gen<string[]> Decorate(List<string> lines) =>
        Gen.Choose(0, 19).ArrayOf(lines.Count).Select(choices => lines.SelectMany((line, i) => choices[i] switch
        {
            0 => new[] { string.Empty, line },
            1 => ["# a comment: with - marks", line],
            2 => ["  # indented comment", line],
            3 when !line.EndsWith(':') || line.TrimStart().StartsWith('-') => [line + " # trailing"],
            4 => [line + "   "],
            _ => [line],
        }).ToArray());

    private static Gen<List<string>> Mapping(int indent, int depth) =>
        Gen.Choose(1, 4).SelectMany(n => Entry(indent, depth).ArrayOf(n)).Select(entries => entries.SelectMany(e => e).ToList());

    private static Gen<List<string>> Entry(int indent, int depth)
    {
        var pad = new string(' ', indent);
        return from key in Key()
               from kind in Gen.Choose(0, depth > 0 ? 5 : 1)
               from lines in kind switch
               {
                   0 or 1 => Scalar().Select(v => new List<string> { pad + key + ":" + (v.Length == 0 ? string.Empty : " " + v) }),
                   2 or 3 => Mapping(indent + 2, depth - 1).Select(child => Prepend(pad + key + ":", child)),
                   4 => Sequence(indent, depth - 1).Select(child => Prepend(pad + key + ":", child)), // indentless, as kubectl writes
                   _ => Sequence(indent + 2, depth - 1).Select(child => Prepend(pad + key + ":", child)),
               }
               select lines;
    }

    private static Gen<List<string>> Sequence(int indent, int depth) =>
        Gen.Choose(1, 3).SelectMany(n => Item(indent, depth).ArrayOf(n)).Select(items => items.SelectMany(i => i).ToList());

    private static Gen<List<string>> Item(int indent, int depth)
    {
        var pad = new string(' ', indent);
        return from kind in Gen.Choose(0, depth > 0 ? 4 : 1)
               from lines in kind switch
               {
                   0 or 1 => Scalar().Select(v => new List<string> { pad + "-" + (v.Length == 0 ? string.Empty : " " + v) }),
                   2 => Mapping(indent + 2, depth - 1).Select(child =>
                   {
                       // "- key: value", its other keys under the first.
                       child[0] = pad + "- " + child[0][(indent + 2)..];
                       return child;
                   }),
                   3 => Mapping(indent + 2, depth - 1).Select(child => Prepend(pad + "-", child)),
                   _ => Sequence(indent + 2, depth - 1).Select(child => Prepend(pad + "-", child)),
               }
               select lines;
    }

    private static List<string> Prepend(string line, List<string> lines)
    {
        lines.Insert(0, line);
        return lines;
    }

    private static Gen<string> Key() => Gen.Frequency(
        (12, Gen.Choose(1, 12).SelectMany(n => KeyCharacter.ArrayOf(n)).Select(string.Concat)),
        (1, Text(0, 6).Select(t => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'")),
        (1, Text(0, 6).Select(t => "\"" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")));

    private static Gen<string> Text(int min, int max) => Text(min, max, ValueCharacter);

    private static Gen<string> Text(int min, int max, Gen<string> character) => Gen.Choose(min, max).SelectMany(n => character.ArrayOf(n)).Select(string.Concat);

    private static Gen<string> Scalar() => Gen.Frequency(
        (12, Gen.Elements("a", "Z", "0", "é", "\uD83D\uDE00").SelectMany(first => Text(0, 16, PlainCharacter).Select(rest => first + rest))),
        (1, Text(1, 16)),
        (2, Text(0, 12).Select(t => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'")),
        (2, Gen.Elements("", "", "", "\\n", "\\t", "\\\\", "\\\"", "\\/", "\\0", "\\r", "\\n", "\\x41", "\\u00e9", "\\U0001F600", "\\e", "\\ ", "\\a")
            .SelectMany(escape => Text(0, 10).Select(t => (escape, t)))
            .Select(p => "\"" + p.t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + p.escape + "\"")),
        (2, Gen.Elements("", "", "{}", "[]", "null", "~", "-1", "0o777", "true", "Y2VydA==", "http://x:80/y", "#x", "x #y")));

    /// <summary>One line-by-line change: delete, duplicate, re-indent, insert at or replace one character.</summary>
    private static Gen<(int Kind, int Line, int Column, string Text)> Mutation() =>
        from kind in Gen.Choose(0, 4)
        from line in Gen.Choose(0, 1000)
        from column in Gen.Choose(0, 1000)
        from text in Inserted
        select (kind, line, column, text);

    private static string Apply(string text, (int Kind, int Line, int Column, string Text) m)
    {
        var lines = text.Split('\n').ToList();
        var at = m.Line % lines.Count;
        var line = lines[at];
        switch (m.Kind)
        {
            case 0:
                lines.RemoveAt(at);
                break;
            case 1:
                lines.Insert(at, line);
                break;
            case 2:
                lines[at] = m.Column % 2 == 0 ? " " + line : line.StartsWith(' ') ? line[1..] : line;
                break;
            case 3:
                lines[at] = line.Insert(m.Column % (line.Length + 1), m.Text);
                break;
            default:
                lines[at] = line.Length == 0 ? m.Text : line.Remove(m.Column % line.Length, 1).Insert(m.Column % line.Length, m.Text);
                break;
        }

        return string.Join('\n', lines);
    }
}
