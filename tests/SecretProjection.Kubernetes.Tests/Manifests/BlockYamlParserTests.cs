using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SecretProjection.Benchmarks.Manifests;
using SecretProjection.Kubernetes.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>
/// <see cref="BlockYamlParser"/> against YamlDotNet's parser: on every input the same events (type, value, style,
/// implicit flags, key flag, anchor, tag, marks) or, where YamlDotNet refuses the text, an error too.
/// </summary>
public partial class BlockYamlParserTests
{
    public static TheoryData<string> Cases => new()
    {
        "a: b\n",
        "a: b",
        "",
        "\n\n",
        "# only a comment\n",
        "---\n",
        "---\n---\n",
        "--- # c\na: b\n",
        "a: b\n---\nc: d\n",
        "a: b\n---\n",
        "a: b\n--- \nc: d\n",
        "a:\n  b: c\n  d:\n  - x\n  - y\ne: f\n",
        "a:\n- x\n- y\n",
        "a:\n- x\nb: c\n",
        "a:\n-\n- y\n",
        "a:\n- k: v\n  l: w\n- k: v2\n",
        "a:\n  - k: v\n    l: w\n  - k: v2\n",
        "a:\nb:\n",
        "a:\n",
        "a: # c\n  b: c\n",
        "a: b # c\n",
        "a: b   \n",
        "a: 'x''y'\n",
        "a: \"x\\\"y\\n\\\\\"\n",
        "'a': \"b\"\n",
        "a: {}\nb: []\n",
        "a: {}   # c\n",
        "a: b\n\n\n# c\n\nd: e\n",
        "  a: b\n  c: d\n",
        "a: http://x:80/y\n",
        "a: -1\nb: -x\nc: ::1\n",
        "a: b#c\n",
        "- a\n- b\n",
        "-\n",
        "a:\n  b:\n    c:\n      d: e\nf: g\n",
        "a: b\n...\n",
        "%YAML 1.1\n---\na: b\n",
        "a: &x b\nc: *x\n",
        "a: !!str b\n",
        "a: |\n  x\n",
        "a: >\n  x\n",
        "a: b\n  c\n",
        "a: {b: c}\n",
        "a: [b]\n",
        "a:\tb\n",
        "a: b\r\nc: d\r\n",
        "? a\n: b\n",
        "a: b: c\n",
        "a: \"b\n  c\"\n",
        "a:\n  b: c\n d: e\n",
        "a:\n  - x\n  y: z\n",
        "- - a\n",
        "a: b\nc: d\n---\nx: {y: z}\n---\ne: f\n",
        "a: b\n--- |\n  x\n---\nc: d\n",
        "{\"a\": 1}\n",
        "a: \"\\u00e9\\x41\"\n",
        "a: é\n",
        "a: b\n- c\n",
        "a:\n  b: c\n    d: e\n",
        "a: 'b'c\n",
        "a: 'unterminated\n",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_case_gives_the_events_of_YamlDotNet(string yaml) => AssertSame(yaml);

    [Fact]
    public void Kubectl_style_secrets_and_applications_give_the_same_events_without_falling_back()
    {
        foreach (var yaml in new[] { ManifestInputs.Secrets(50), ManifestInputs.Applications(20), ManifestInputs.Secrets(3).TrimEnd('\n') })
        {
            AssertSame(yaml);
            var parser = new BlockYamlParser(new StringReader(yaml));
            while (parser.MoveNext())
            {
            }

            Assert.False(parser.FellBack);
        }
    }

    [Fact]
    public void An_error_YamlDotNet_finds_after_a_fallback_is_its_own_exception_type_on_the_whole_inputs_line()
    {
        // Found by the generated property: the shifted error was a plain YamlException, where YamlDotNet throws
        // a SemanticErrorException.
        AssertSame("a: b\n---\nc: 'd'e\n");
        var error = Assert.Throws<SemanticErrorException>(() =>
        {
            var parser = new BlockYamlParser(new StringReader("a: b\n---\nc: 'd'e\n"));
            while (parser.MoveNext())
            {
            }
        });
        Assert.Equal(3, error.Start.Line);
    }

    [Fact]
    public void A_pair_in_a_flow_sequence_after_a_fallback_keeps_YamlDotNets_empty_marks() =>
        // Found by the generated property: YamlDotNet marks the mapping of "[ a: b ]" as Mark.Empty, which the
        // fallback shifted to the start of its document.
        AssertSame("a: b\n---\nc: [ d: e ]\n");

    [Theory]
    [InlineData("  y:\n--- \n: oqq0\":")]
    [InlineData("a: b\n--- \n: a\n")]
    [InlineData("a: b\n---\n---\n: a\n")]
    [InlineData("---\n: a\n")]
    public void A_fallback_after_a_document_gives_the_marks_of_YamlDotNet_on_the_whole_input(string yaml) =>
        // Found by the generated property: YamlDotNet's scanner carries a simple key from one document into the
        // next, so the fallback starts it on the document before.
        AssertSame(yaml);

    [Theory]
    [InlineData("  a: x\n#")]
    [InlineData("  a: x\n ")]
    [InlineData("a:\n    - b\n  # c")]
    public void Input_ending_in_a_blank_or_comment_line_without_a_line_break_ends_its_blocks_as_YamlDotNet_does(string yaml) =>
        // Found by the generated property: at the end of input YamlDotNet ends the blocks indented deeper than the
        // last line on that line, and the others on the line after.
        AssertSame(yaml);

    [Fact]
    public void A_list_larger_than_the_buffered_document_goes_to_YamlDotNet_with_the_same_events()
    {
        var items = new StringBuilder("a: b\n---\napiVersion: v1\nitems:\n");
        for (var i = 0; items.Length <= BlockYamlParser.MaxBufferedDocument + (64 * 1024); i++)
        {
            items.Append(CultureInfo.InvariantCulture, $"- apiVersion: v1\n  data:\n    k: dg==\n  kind: Secret\n  metadata:\n    name: s{i}\n");
        }

        var yaml = items.Append("kind: List\nmetadata:\n  resourceVersion: \"\"\n---\nc: d\n").ToString();
        AssertSame(yaml);
        var parser = new BlockYamlParser(new StringReader(yaml));
        Assert.True(parser.MoveNext() && parser.MoveNext() && parser.MoveNext()); // the first document, read whole
        Assert.False(parser.FellBack);
        while (parser.MoveNext())
        {
        }

        Assert.True(parser.FellBack);
    }

    [Fact]
    public void The_samples_give_the_same_events()
    {
        var files = Directory.GetFiles(Path.Combine(Root(), "samples"), "*.y*ml", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            AssertSame(File.ReadAllText(file), file);
        }
    }

    [Fact]
    public void The_manifests_in_the_tests_give_the_same_events()
    {
        var count = 0;
        var fast = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(Root(), "tests"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (var yaml in Literals(File.ReadAllText(file)))
            {
                AssertSame(yaml, file);
                count++;
                fast += YamlEvents.ReadAlone(yaml) ? 1 : 0;
            }
        }

        Assert.True(count > 100, $"{count} manifests found in the tests");
        Assert.True(fast > 50, $"{fast} of {count} inputs read by the block parser alone");
        Console.WriteLine($"{count} inputs from the tests, {fast} of them by the block parser alone");
    }

    private static IEnumerable<string> Literals(string source)
    {
        foreach (Match m in RawLiteral().Matches(source))
        {
            if (m.Groups["dollar"].Success)
            {
                continue;
            }

            var body = m.Groups["body"].Value;
            var indent = m.Groups["indent"].Value.Length;
            var lines = body.Split('\n');
            yield return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart(' ')));
        }

        foreach (Match m in QuotedLiteral().Matches(source))
        {
            var text = m.Groups["body"].Value;
            if (text.Contains("kind", StringComparison.Ordinal) || text.Contains("apiVersion", StringComparison.Ordinal) || text.Contains("\\n", StringComparison.Ordinal))
            {
                string? unescaped = null;
                try
                {
                    unescaped = Regex.Unescape(text);
                }
                catch (RegexParseException)
                {
                    // an escape C# has and regular expressions do not: not a manifest to compare
                }

                if (unescaped is not null)
                {
                    yield return unescaped;
                }
            }
        }
    }

    [GeneratedRegex("(?<dollar>\\$)?\"\"\"\\n(?<body>(?:.*\\n)*?)(?<indent> *)\"\"\"", RegexOptions.None, 1000)]
    private static partial Regex RawLiteral();

    [GeneratedRegex("(?<![\\$@\"])\"(?<body>(?:[^\"\\\\\\n]|\\\\.)*)\"", RegexOptions.None, 1000)]
    private static partial Regex QuotedLiteral();

    private static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "SecretProjection.sln")))
        {
            dir = Path.GetDirectoryName(dir)!;
        }

        return dir;
    }

    private static void AssertSame(string yaml, string? where = null) => YamlEvents.AssertSame(yaml, where);
}
