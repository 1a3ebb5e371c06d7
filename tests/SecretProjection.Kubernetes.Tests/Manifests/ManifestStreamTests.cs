using System.Text;
using SecretProjection.Kubernetes.Manifests;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>
/// <see cref="ManifestReader.ReadObjects"/>: one object at a time from one pass over the text; Lists streamed by
/// item whatever the order of their keys; namespaces as kubectl's <c>-n</c>; the YAML errors people meet, on the
/// right line and without .NET type names.
/// </summary>
public class ManifestStreamTests
{
    private const string Secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n";

    [Fact]
    public void Objects_are_read_as_they_are_asked_for()
    {
        // Secret after Secret, without end.
        using var endless = new GeneratedText(i => $"---\napiVersion: v1\nkind: Secret\nmetadata: {{name: s{i}}}\n");

        var first = ManifestReader.ReadObjects(endless, "-").Take(3).ToList();

        Assert.Equal(["default/s0", "default/s1", "default/s2"], first.Select(o => o.QualifiedName));
        Assert.True(endless.CharactersRead < 64 * 1024, $"{endless.CharactersRead} characters read for three objects");
    }

    [Fact]
    public void A_list_longer_than_the_parser_buffers_is_read_by_item_as_it_comes()
    {
        // kubectl get -o yaml writes a whole list as one document; about 6 MB here.
        const int Items = 100_000;
        using var list = new GeneratedText(i => i switch
        {
            0 => "apiVersion: v1\nitems:\n",
            <= Items => $"- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s{i - 1}\n",
            Items + 1 => "kind: List\n",
            _ => null,
        });

        var first = ManifestReader.ReadObjects(list, "-").Take(3).ToList();

        Assert.Equal(["default/s0", "default/s1", "default/s2"], first.Select(o => o.QualifiedName));
        Assert.True(list.CharactersRead < 2 * BlockYamlParser.MaxBufferedDocument, $"{list.CharactersRead} characters read for three items");
    }

    [Fact]
    public void A_list_as_kubectl_writes_it_with_its_kind_last_is_read_by_item()
    {
        // kubectl get secrets -o yaml: apiVersion, items, kind, metadata.
        const string Yaml = """
            apiVersion: v1
            items:
            - apiVersion: v1
              kind: Secret
              metadata: {name: one, namespace: ns}
              data: {k: dg==}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: two, namespace: ns}
            kind: List
            metadata:
              resourceVersion: ""
            """;

        var objects = ManifestReader.Read(Yaml, "list.yaml").Objects;

        Assert.Equal(["Secret ns/one 3", "Deployment ns/two 7"], objects.Select(o => $"{o.Kind} {o.QualifiedName} {o.Line}"));
    }

    [Fact]
    public void A_json_list_with_its_kind_last_is_read_by_item()
    {
        const string Json = """{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}], "kind": "PodList", "metadata": {}}""";

        Assert.Equal(["Pod", "ConfigMap"], ManifestReader.Read(Json, "list.json").Objects.Select(o => o.Kind));
    }

    [Fact]
    public void Items_of_an_object_that_is_not_a_list_are_an_unknown_field_or_an_error()
    {
        var known = Assert.Single(ManifestReader.Read(Secret + "items: [{a: b}]\n", "f").Objects);
        Assert.Equal("items", Assert.Single(known.Warnings).Field);

        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read("apiVersion: v1\nitems: [{apiVersion: v1, kind: Secret, metadata: {name: s}}]\nkind: Secret\n", "f"));
        Assert.Equal("f:2: \"items\" belongs to a v1 List, and this object is a Secret in version \"v1\"", error.Message);
    }

    [Theory]
    [InlineData(null, "default/s", "default/p")]
    [InlineData("shop", "shop/s", "shop/p")]
    public void Objects_that_name_no_namespace_are_in_the_given_one(string? ns, string secret, string pod)
    {
        var set = ManifestReader.Read(Secret + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: p}\n", "f", new ManifestReaderOptions { Namespace = ns });

        Assert.Equal([secret, pod], set.Objects.Select(o => o.QualifiedName));
        Assert.Equal(pod, Assert.Single(set.Pods).QualifiedName);
        Assert.Equal(secret, Assert.Single(set.Secrets).QualifiedName);
    }

    [Fact]
    public void An_object_in_another_namespace_than_the_given_one_is_refused_as_kubectl_refuses_it()
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read("apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: dev}\n", "f", new ManifestReaderOptions { Namespace = "prod" }));

        Assert.Equal("f:1: the namespace from the provided object \"dev\" does not match the namespace \"prod\". You must pass '--namespace=dev' to perform this operation.", error.Message);
    }

    [Theory]
    [InlineData("metadata: &m {name: s, labels: *m}\n", 3, "alias *m is inside the node it names (a recursive alias)")]
    [InlineData("metadata: {name: s}\ndata: {a: *nope}\n", 4, "unknown anchor 'nope' referenced")]
    [InlineData("metadata: {name: s}\ndata:\n\tpassword: YQ==\n", 5, "While scanning a mapping, found invalid tab as indentation.")]
    [InlineData("metadata: {name: s}\ndata: [1, 2\nb: c\n", 5, "not readable as YAML or JSON")]
    public void Yaml_errors_are_on_their_line_and_name_no_dotnet_type(string fields, int line, string problem)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read(Secret.Replace("metadata: {name: s}\n", string.Empty, StringComparison.Ordinal) + fields, "f"));

        Assert.Equal((line, problem), (error.Line, error.Problem));
    }

    [Fact]
    public void An_object_larger_than_the_api_server_takes_is_refused_and_a_longer_list_of_small_ones_is_read()
    {
        var big = Secret + "stringData: {a: " + new string('x', (3 << 20) + 1) + "}\n";
        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read(big, "f"));
        Assert.Equal("the object is larger than 3145728 bytes, the most the API server accepts in one request", error.Problem);

        var items = string.Concat(Enumerable.Range(0, 4).Select(i => $"- {{apiVersion: v1, kind: Secret, metadata: {{name: s{i}}}, stringData: {{a: {new string('x', 1 << 20)}}}}}\n"));
        Assert.Equal(4, ManifestReader.Read("apiVersion: v1\nkind: List\nitems:\n" + items, "f").Secrets.Count());
    }

    [Fact]
    public void An_error_of_the_reader_itself_passes_through()
    {
        using var failing = new FailingReader();

        Assert.Throws<IOException>(() => ManifestReader.ReadObjects(failing, "f").ToList());
    }

    [Fact]
    public void Objects_before_an_error_are_returned_and_the_error_ends_the_stream()
    {
        var read = new List<string>();
        var error = Assert.Throws<ManifestException>(() =>
        {
            foreach (var item in ManifestReader.ReadObjects(new StringReader(Secret + "---\n" + Secret + "data: {a: '!'}\n---\n" + Secret), "f"))
            {
                read.Add(item.QualifiedName);
            }
        });

        Assert.Equal(["default/s"], read);
        Assert.Equal(8, error.Line);
    }

    /// <summary>Text made piece by piece as it is read (piece i, until null); counts what is read.</summary>
    private sealed class GeneratedText(Func<int, string?> piece) : TextReader
    {
        private string _buffer = string.Empty;
        private int _position;
        private int _next;

        public long CharactersRead { get; private set; }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_position == _buffer.Length)
            {
                if (piece(_next++) is not { } next)
                {
                    return 0;
                }

                _buffer = next;
                _position = 0;
            }

            var count = Math.Min(buffer.Length, _buffer.Length - _position);
            _buffer.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            CharactersRead += count;
            return count;
        }

        public override int Read() => throw new NotSupportedException();

        public override int Peek() => throw new NotSupportedException();
    }

    private sealed class FailingReader : TextReader
    {
        public override int Read(char[] buffer, int index, int count) => throw new IOException("disk gone");

        public override int Read(Span<char> buffer) => throw new IOException("disk gone");
    }
}
