using SecretProjection.DownwardApi;

namespace SecretProjection.Tests.DownwardApi;

public class FieldPathsTests
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    private static ObjectMetadata Meta(
        string name = "", string ns = "", string? uid = null,
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null) =>
        new(name, ns, uid, labels ?? None, annotations ?? None);

    // Ported from TestExtractFieldPathAsString (pkg/fieldpath/fieldpath_test.go). Upstream's "not an API object"
    // case has no counterpart: the metadata here is typed.
    private static readonly (string FieldPath, ObjectMetadata Metadata, string? Value, string? MessageFragment)[] Cases =
    [
        ("metadata.namespace", Meta(ns: "object-namespace"), "object-namespace", null),
        ("metadata.name", Meta(name: "object-name"), "object-name", null),
        ("metadata.labels", Meta(labels: new Dictionary<string, string> { ["key"] = "value" }), "key=\"value\"", null),
        ("metadata.labels", Meta(labels: new Dictionary<string, string> { ["key"] = "value\n" }), "key=\"value\\n\"", null),
        ("metadata.annotations", Meta(annotations: new Dictionary<string, string> { ["builder"] = "john-doe" }), "builder=\"john-doe\"", null),
        ("metadata.annotations['spec.pod.beta.kubernetes.io/statefulset-index']",
            Meta(annotations: new Dictionary<string, string> { ["spec.pod.beta.kubernetes.io/statefulset-index"] = "1" }), "1", null),
        ("metadata.annotations['Www.k8s.io/test']", Meta(annotations: new Dictionary<string, string> { ["Www.k8s.io/test"] = "1" }), "1", null),
        ("metadata.uid", Meta(uid: "b70b3269-858e-12a8-9cf2-1232a194038a"), "b70b3269-858e-12a8-9cf2-1232a194038a", null),
        ("metadata.labels['something']", Meta(labels: new Dictionary<string, string> { ["something"] = "label value" }), "label value", null),
        ("metadata.whoops", Meta(ns: "object-namespace"), null, "unsupported fieldPath"),
        ("metadata.annotations['invalid~key']", Meta(annotations: new Dictionary<string, string> { ["foo"] = "bar" }), null, "invalid key subscript in metadata.annotations"),
        ("metadata.labels['Www.k8s.io/test']", Meta(annotations: new Dictionary<string, string> { ["foo"] = "bar" }), null, "invalid key subscript in metadata.labels"),
        ("metadata.notexisting['something']", Meta(), null, "fieldPath \"metadata.notexisting['something']\" does not support subscript"),
    ];

    public static TheoryData<int> ExtractCases => new(Enumerable.Range(0, Cases.Length));

    [Theory]
    [MemberData(nameof(ExtractCases))]
    public void TestExtractFieldPathAsString(int index)
    {
        var (fieldPath, metadata, value, messageFragment) = Cases[index];
        var result = FieldPaths.Extract(metadata, fieldPath);
        if (messageFragment is null)
        {
            Assert.Null(result.Error);
            Assert.Equal(value, result.Value);
        }
        else
        {
            Assert.Null(result.Value);
            Assert.Contains(messageFragment, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_absent_subscripted_key_reads_as_empty()
    {
        Assert.Equal(string.Empty, FieldPaths.Extract(Meta(), "metadata.labels['absent']").Value);
        Assert.Equal(string.Empty, FieldPaths.Extract(Meta(), "metadata.annotations['absent']").Value);
    }

    [Fact]
    public void The_invalid_subscript_message_joins_every_problem_with_semicolons()
    {
        var error = FieldPaths.Extract(Meta(), "metadata.labels['a/b/c']").Error;
        Assert.Equal(
            "invalid key subscript in metadata.labels['a/b/c']: a qualified name must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            error);
    }

    [Fact]
    public void An_unassigned_uid_is_known_only_to_the_api_server()
    {
        // Upstream reads an unset uid as empty; offline, an object has no uid until the API server assigns one.
        Assert.Equal("metadata.uid", FieldPaths.Extract(Meta(), "metadata.uid").NodeOnly);
    }

    // Ported from TestSplitMaybeSubscriptedPath.
    [Theory]
    [InlineData("metadata.annotations['key']", "metadata.annotations", "key")]
    [InlineData("metadata.annotations['a[b']c']", "metadata.annotations", "a[b']c")]
    [InlineData("metadata.labels['['key']", "metadata.labels", "['key")]
    [InlineData("metadata.labels['key']']", "metadata.labels", "key']")]
    [InlineData("metadata.labels['']", "metadata.labels", "")]
    [InlineData("metadata.labels[' ']", "metadata.labels", " ")]
    [InlineData("metadata.labels[ 'key' ]", null, null)]
    [InlineData("metadata.labels[]", null, null)]
    [InlineData("metadata.labels[']", null, null)]
    [InlineData("metadata.labels['key']foo", null, null)]
    [InlineData("['key']", null, null)]
    [InlineData("metadata.labels", null, null)]
    public void TestSplitMaybeSubscriptedPath(string fieldPath, string? path, string? subscript)
    {
        var split = FieldPaths.SplitMaybeSubscripted(fieldPath);
        Assert.Equal(path is null ? null : (path, subscript!), split);
    }

    // Ported from TestFormatMap.
    [Fact]
    public void TestFormatMap()
    {
        Assert.Equal(string.Empty, FieldPaths.FormatMap(None));
        Assert.Equal(
            """
            beta.kubernetes.io/os="linux"
            kubernetes.io/arch="amd64"
            kubernetes.io/hostname="master01"
            kubernetes.io/os="linux"
            node-role.kubernetes.io/control-plane="true"
            node-role.kubernetes.io/master="true"
            """.ReplaceLineEndings("\n"),
            FieldPaths.FormatMap(new Dictionary<string, string>
            {
                ["beta.kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                ["kubernetes.io/hostname"] = "master01",
                ["kubernetes.io/os"] = "linux",
                ["node-role.kubernetes.io/control-plane"] = "true",
                ["node-role.kubernetes.io/master"] = "true",
            }));
        Assert.Equal(
            """
            flannel.alpha.coreos.com/backend-data="{\"VNI\":1,\"VtepMAC\":\"ce:f9:c7:a4:de:64\"}"
            flannel.alpha.coreos.com/backend-type="vxlan"
            flannel.alpha.coreos.com/kube-subnet-manager="true"
            flannel.alpha.coreos.com/public-ip="192.168.19.160"
            management.cattle.io/pod-limits="{\"cpu\":\"11400m\",\"memory\":\"7965Mi\"}"
            management.cattle.io/pod-requests="{\"cpu\":\"2482m\",\"memory\":\"7984Mi\",\"pods\":\"26\"}"
            node.alpha.kubernetes.io/ttl="0"
            volumes.kubernetes.io/controller-managed-attach-detach="true"
            """.ReplaceLineEndings("\n"),
            FieldPaths.FormatMap(new Dictionary<string, string>
            {
                ["flannel.alpha.coreos.com/backend-data"] = """{"VNI":1,"VtepMAC":"ce:f9:c7:a4:de:64"}""",
                ["flannel.alpha.coreos.com/backend-type"] = "vxlan",
                ["flannel.alpha.coreos.com/kube-subnet-manager"] = "true",
                ["flannel.alpha.coreos.com/public-ip"] = "192.168.19.160",
                ["management.cattle.io/pod-limits"] = """{"cpu":"11400m","memory":"7965Mi"}""",
                ["management.cattle.io/pod-requests"] = """{"cpu":"2482m","memory":"7984Mi","pods":"26"}""",
                ["node.alpha.kubernetes.io/ttl"] = "0",
                ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
            }));
    }

    [Fact]
    public void FormatMap_keeps_non_ASCII_and_escapes_controls_as_Go_does()
    {
        Assert.Equal("a=\"日本\\t\\u200b\"\nb=\"\\x00\"", FieldPaths.FormatMap(new Dictionary<string, string> { ["b"] = "\0", ["a"] = "日本\t\u200b" }));
    }

    [Fact]
    public void FormatMap_orders_keys_by_their_UTF8_bytes()
    {
        // U+FF21 sorts before U+1F600 in UTF-8, after it in UTF-16.
        var map = new Dictionary<string, string> { ["\U0001F600"] = "1", ["\uFF21"] = "2" };
        Assert.Equal("\uFF21=\"2\"\n\U0001F600=\"1\"", FieldPaths.FormatMap(map));
    }
}
