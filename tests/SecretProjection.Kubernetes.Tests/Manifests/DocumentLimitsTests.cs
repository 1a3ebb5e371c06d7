using System.Text;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>The reader's limits on nesting and aliases, which keep hostile manifests from crashing or flooding the process.</summary>
public class DocumentLimitsTests
{
    private const string Header = "apiVersion: v1\nkind: Unlisted\nmetadata: {name: x}\n";

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Reads_a_document_nested_as_deep_as_the_limit_and_refuses_one_level_more(string open, string close)
    {
        // The top-level mapping is the first level.
        Assert.Single(ManifestReader.Read(Header + "deep: " + Nested(open, close, DocumentLimits.MaxDepth - 1), "f.yaml").Objects);

        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read(Header + "deep: " + Nested(open, close, DocumentLimits.MaxDepth), "f.yaml"));

        Assert.Equal("f.yaml:4: nested deeper than 100 levels", error.Message);
    }

    // 20,000 nested mappings overflowed the stack (a crash no handler can catch) and 100,000 nested sequences
    // kept the scanner busy for minutes; on a 256 KiB stack both are now refused at once.
    [Theory]
    [InlineData("[", "]", 100_000)]
    [InlineData("{a: ", "}", 20_000)]
    [InlineData("- ", "", 20_000)]
    public void Refuses_a_hostile_nesting_without_overflowing_a_small_stack(string open, string close, int depth)
    {
        Exception? error = null;
        var text = Header + "deep:\n" + Nested(open, close, depth);
        var thread = new Thread(() => error = Record.Exception(() => ManifestReader.Read(text, "f.yaml")), 256 * 1024);

        thread.Start();
        thread.Join();

        Assert.IsType<ManifestException>(error);
    }

    [Fact]
    public void Reads_ordinary_anchors_and_aliases()
    {
        var set = ManifestReader.Read("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
              labels: &labels {app: web, tier: front}
              annotations: *labels
            data:
              a: &v value
              b: *v
              c: *v
            """, "f.yaml");

        Assert.Equal("value", set.ConfigMaps.Single().Data["c"]);
    }

    // One megabyte aliased four times is four megabytes of files: more than the API server would take in one request.
    [Fact]
    public void Refuses_aliases_that_expand_a_document_beyond_three_mebibytes()
    {
        var big = new string('x', 1 << 20);
        var text = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  a: &big {big}\n  b: *big\n  c: *big\n  d: *big\n";

        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read(text, "f.yaml"));

        Assert.Equal("f.yaml:8: aliases expand the document by more than 3145728 bytes", error.Message);
        Assert.Single(ManifestReader.Read(text.Replace("  d: *big\n", string.Empty, StringComparison.Ordinal), "f.yaml").ConfigMaps);
    }

    [Fact]
    public void Refuses_a_billion_laughs()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nl0: &l0 lol\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }

        Assert.Throws<ManifestException>(() => ManifestReader.Read(text.ToString(), "f.yaml"));
    }

    private static string Nested(string open, string close, int depth) =>
        open == "- "
            ? string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', i * 2) + "-\n")) + new string(' ', depth * 2) + "x\n"
            : string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth)) + "\n";
}
