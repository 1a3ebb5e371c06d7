using System.Text;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Manifests;

public class ManifestReaderTests
{
    [Fact]
    public void Reads_multi_document_yaml_in_order_with_lines()
    {
        const string yaml = """
            # comment
            apiVersion: v1
            kind: Secret
            metadata: {name: s, namespace: ns}
            data: {a: aGVsbG8=}
            stringData: {b: world}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: c, image: busybox}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            """;
        var set = ManifestReader.Read(yaml, "f.yaml");
        Assert.Equal(["Secret", "Pod", "Deployment"], set.Objects.Select(o => o.Kind));
        Assert.Equal([2, 8, 14], set.Objects.Select(o => o.Line));
        Assert.Equal(["ns/s", "default/p", "default/d"], set.Objects.Select(o => o.QualifiedName));
        Assert.Equal("default/d", Assert.IsType<Pod>(set.Objects[2].Model).QualifiedName);

        var secret = Assert.Single(set.Secrets);
        Assert.Equal("hello", Encoding.UTF8.GetString(secret.Data["a"].Span));
        Assert.Equal("world", Encoding.UTF8.GetString(secret.Data["b"].Span));
        Assert.Equal(["default/p", "default/d"], set.Pods.Select(p => p.QualifiedName));
    }

    [Fact]
    public void Reads_json_and_v1_lists_with_the_lines_of_their_items()
    {
        const string yaml = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Secret
              metadata:
                name: one
              data: {k: dg==}
            - {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "two"}, "data": {"x": "y"}}
            """;
        var set = ManifestReader.Read(yaml, "list.yaml");
        Assert.Equal(["Secret", "ConfigMap"], set.Objects.Select(o => o.Kind));
        Assert.Equal([4, 9], set.Objects.Select(o => o.Line));
        Assert.Equal("y", Assert.Single(set.ConfigMaps).Data["x"]);

        var json = """{"apiVersion":"v1","kind":"SecretList","items":[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"j"},"data":{"k":"dg=="}}]}""";
        Assert.Equal("j", Assert.Single(ManifestReader.Read(json, "list.json").Secrets).Name);
    }

    [Fact]
    public void Maps_kep_5936_owners_from_yaml()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: c}]
              volumes:
              - name: v
                secret:
                  secretName: s
                  defaultUser: 1000
                  items: [{key: k, path: p, user: 2000, mode: 0400}]
            """;
        var secret = Assert.Single(ManifestReader.Read(yaml, "f").Pods).Volumes[0].Secret!;
        Assert.Equal(1000, secret.DefaultUser);
        Assert.Equal(2000, secret.Items[0].User);
        Assert.Equal(0x100, secret.Items[0].Mode);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n   bad: [\n", 5)]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  a: '!!!notbase64'\n", 5)]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  a: YQ==\n  a: Yg==\n", 6)]
    [InlineData("- just\n- a list\n", 1)]
    [InlineData("kind: Secret\nmetadata: {name: s}\n", 1)]
    public void Malformed_input_is_a_manifest_exception_with_file_and_line(string yaml, int line)
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read(yaml, "bad.yaml"));
        Assert.Equal("bad.yaml", e.Source);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"bad.yaml:{line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_do_not_quote_secret_values()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.Read("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  a: 'MARKER-not-base64!'\n", "f"));
        Assert.DoesNotContain("MARKER", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_documents_are_skipped() =>
        Assert.Empty(ManifestReader.Read("---\n---\n# nothing\n", "f").Objects);
}
