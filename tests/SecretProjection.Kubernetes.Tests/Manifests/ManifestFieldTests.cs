using System.Text;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>
/// Fields as the API server's strict field validation reads them: unknown fields and kinds are warnings with their
/// path; repeated keys, values of the wrong type and bad base64 are errors with their path and line.
/// </summary>
public class ManifestFieldTests
{
    [Fact]
    public void An_unknown_field_is_a_warning_with_its_path_and_line()
    {
        var item = Assert.Single(ManifestReader.Read("apiVersion: v1\nkind: Secret\nmetadata:\n  nmae: s\n  namespace: ns\nstringData: {a: b}\n", "f.yaml").Objects);

        var warning = Assert.Single(item.Warnings);
        Assert.Equal(new ManifestWarning("f.yaml", 4, "metadata.nmae", "unknown field \"metadata.nmae\""), warning);
        Assert.Equal("f.yaml:4: unknown field \"metadata.nmae\"", warning.ToString());
        Assert.Equal("ns/", item.QualifiedName);
    }

    [Fact]
    public void Unknown_fields_in_lists_and_nested_objects_are_named_by_index()
    {
        const string Yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: a
              - name: b
                env: [{name: X, valueFrom: {secretKeyRef: {name: s, key: k, optinal: true}}}]
              volumes: [{name: v, secret: {secretName: s, itmes: []}}]
            """;

        var item = Assert.Single(ManifestReader.Read(Yaml, "f.yaml").Objects);

        Assert.Equal(
            ["spec.containers[1].env[0].valueFrom.secretKeyRef.optinal", "spec.volumes[0].secret.itmes"],
            item.Warnings.Select(w => w.Field));
        Assert.Equal([8, 9], item.Warnings.Select(w => w.Line));
    }

    [Fact]
    public void An_unknown_kind_is_a_warning_and_a_known_kind_that_is_not_read_is_skipped_quietly()
    {
        var set = ManifestReader.Read("apiVersion: v1\nkind: secret\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: svc}\nspec: {ports: [{port: 80}]}\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n", "f.yaml");

        Assert.All(set.Objects, o => Assert.Null(o.Model));
        Assert.Equal("no matches for kind \"secret\" in version \"v1\"", Assert.Single(set.Objects[0].Warnings).Message);
        Assert.Empty(set.Objects[1].Warnings);
        Assert.Equal("f.yaml:10: no matches for kind \"Certificate\" in version \"cert-manager.io/v1\"", Assert.Single(set.Objects[2].Warnings).ToString());
    }

    [Theory]
    [InlineData("metadata: {name: s}\ndata:\n  password: c2VjcmV0!\n", 5, "data[password]: illegal base64 data at input byte 8")]
    [InlineData("metadata: {name: s}\ndata:\n  a: YQ==\n  a: Yg==\n", 6, "data: key \"a\" already set in map")]
    [InlineData("metadata: {name: s}\nkind: Secret\n", 4, "key \"kind\" already set in map")]
    [InlineData("metadata: {name: s}\nimmutable: maybe\n", 4, "immutable: expected true or false")]
    [InlineData("metadata: {name: s}\ndata: [a, b]\n", 4, "data: expected a map, not a list")]
    [InlineData("metadata: {name: s, labels: {a: {b: c}}}\n", 3, "metadata.labels[a]: expected a string, not a mapping")]
    public void A_value_that_cannot_be_read_is_an_error_with_its_path_and_line(string fields, int line, string problem)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read("apiVersion: v1\nkind: Secret\n" + fields, "f.yaml"));

        Assert.Equal(line, error.Line);
        Assert.Equal(problem, error.Problem);
        Assert.Equal($"f.yaml:{line}: {problem}", error.Message);
    }

    [Theory]
    [InlineData("0400", 0x100)]
    [InlineData("0o400", 0x100)]
    [InlineData("420", 420)]
    [InlineData("0x1A4", 420)]
    [InlineData("4_2_0", 420)]
    public void Modes_are_read_as_YAML_integers(string mode, int expected)
    {
        var pod = Assert.Single(ManifestReader.Read($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  volumes: [{{name: v, secret: {{secretName: s, defaultMode: {mode}}}}}]\n", "f").Pods);

        Assert.Equal(expected, pod.Volumes[0].Secret!.DefaultMode);
    }

    // The API server refuses a string where it expects a number ("cannot unmarshal string into Go struct field").
    [Theory]
    [InlineData("\"0400\"")]
    [InlineData("'420'")]
    [InlineData("4.2")]
    [InlineData("99999999999")]
    public void A_mode_that_is_not_an_int32_is_refused(string mode)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  volumes: [{{name: v, secret: {{secretName: s, defaultMode: {mode}}}}}]\n", "f"));

        Assert.Equal("spec.volumes[0].secret.defaultMode: expected an integer (int32)", error.Problem);
        Assert.Equal(5, error.Line);
    }

    // kubectl sends an unquoted 8080 or true as a JSON number or boolean, which the API server refuses for a string
    // field ("cannot unmarshal number into Go struct field EnvVar.value of type string").
    [Theory]
    [InlineData("8080", "a number")]
    [InlineData("1.5", "a number")]
    [InlineData("0x1F", "a number")]
    [InlineData("true", "a boolean")]
    [InlineData("yes", "a boolean")]
    [InlineData("off", "a boolean")]
    public void A_number_or_boolean_in_a_string_field_is_refused(string value, string what)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestReader.Read($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: a\n    env: [{{name: X, value: {value}}}]\n", "f"));

        Assert.Equal((7, $"spec.containers[0].env[0].value: expected a string, not {what} (quote the value)"), (error.Line, error.Problem));
    }

    [Theory]
    [InlineData("\"8080\"", "8080")]
    [InlineData("'true'", "true")]
    [InlineData("!!str 8080", "8080")]
    [InlineData("Infinity", "Infinity")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("08x", "08x")]
    [InlineData("v1", "v1")]
    public void Quoted_tagged_and_other_scalars_are_strings(string value, string expected)
    {
        var pod = Assert.Single(ManifestReader.Read($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: a\n    env: [{{name: X, value: {value}}}]\n", "f").Pods);

        Assert.Equal(expected, pod.Containers[0].Env[0].Value);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("~", false)]
    public void Booleans_are_read_as_YAML_1_1_booleans(string value, bool expected) =>
        Assert.Equal(expected, Assert.Single(ManifestReader.Read($"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nimmutable: {value}\n", "f").Secrets).Immutable);

    [Fact]
    public void Merge_keys_merge_with_explicit_keys_first()
    {
        const string Yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            data:
              <<: [{a: from-first, b: from-first}, {b: from-second, c: from-second}]
              a: explicit
            """;

        var data = Assert.Single(ManifestReader.Read(Yaml, "f").ConfigMaps).Data;

        Assert.Equal(("explicit", "from-first", "from-second"), (data["a"], data["b"], data["c"]));
    }

    [Fact]
    public void Kubectl_output_reads_without_warnings()
    {
        // kubectl create secret generic db --from-literal=password=s3cret --dry-run=client -o yaml; and a deployment.
        const string Yaml = """
            apiVersion: v1
            data:
              password: czNjcmV0
            kind: Secret
            metadata:
              creationTimestamp: null
              name: db
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              creationTimestamp: null
              labels:
                app: web
              name: web
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: web
              strategy: {}
              template:
                metadata:
                  creationTimestamp: null
                  labels:
                    app: web
                spec:
                  containers:
                  - image: nginx
                    name: nginx
                    resources: {}
            status: {}
            """;

        var set = ManifestReader.Read(Yaml, "f");

        Assert.All(set.Objects, o => Assert.Empty(o.Warnings));
        Assert.Equal("s3cret", Encoding.UTF8.GetString(Assert.Single(set.Secrets).Data["password"].Span));
        Assert.Equal("nginx", Assert.Single(set.Pods).Containers[0].Image);
    }
}
