using System.Text;
using SecretProjection.DownwardApi;
using SecretProjection.Model;

namespace SecretProjection.Tests.DownwardApi;

public class DownwardApiPayloadTests
{
    private const int DefaultMode = 0x1A4; // 0644

    // The labels and annotations of TestDownwardAPI (pkg/volume/downwardapi/downwardapi_test.go).
    private static readonly Dictionary<string, string> Labels1 = new() { ["key1"] = "value1", ["key2"] = "value2" };
    private static readonly Dictionary<string, string> Labels2 = new() { ["key1"] = "value1", ["key2"] = "value2", ["key3"] = "value3" };
    private static readonly Dictionary<string, string> Annotations = new() { ["a1"] = "value1", ["a2"] = "value2", ["multiline"] = "c\nb\na" };

    private static Pod TestPod(IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null) => new()
    {
        Name = "test_metadata_name",
        Namespace = "test_metadata_namespace",
        Uid = "test_pod_uid",
        Labels = labels ?? new Dictionary<string, string>(),
        Annotations = annotations ?? new Dictionary<string, string>(),
    };

    private static DownwardApiVolumeFile Field(string path, string fieldPath, int? mode = null) =>
        new() { Path = path, FieldRef = new ObjectFieldSelector { FieldPath = fieldPath }, Mode = mode };

    private static string Text(DownwardPayload payload, string path) => Encoding.UTF8.GetString(payload.Files[path].Data.Span);

    private static DownwardPayload Collect(Pod pod, params DownwardApiVolumeFile[] items) =>
        DownwardApiPayload.Collect(items, pod, DefaultMode, nodeAllocatable: null);

    // Ported from TestDownwardAPI: test_labels, test_annotations, test_name, test_namespace (the file contents).
    [Fact]
    public void TestDownwardAPI_fields()
    {
        var payload = Collect(
            TestPod(Labels1, Annotations),
            Field("labels", "metadata.labels"),
            Field("annotations", "metadata.annotations"),
            Field("name_file_name", "metadata.name"),
            Field("namespace_file_name", "metadata.namespace"));
        Assert.True(payload.IsComplete);
        Assert.Equal("key1=\"value1\"\nkey2=\"value2\"", Text(payload, "labels"));
        Assert.Equal("a1=\"value1\"\na2=\"value2\"\nmultiline=\"c\\nb\\na\"", Text(payload, "annotations"));
        Assert.Equal("test_metadata_name", Text(payload, "name_file_name"));
        Assert.Equal("test_metadata_namespace", Text(payload, "namespace_file_name"));
    }

    // Ported from TestDownwardAPI: test_write_twice_no_update and test_write_twice_with_update, as payloads: the
    // same pod gives the same bytes, a label change gives new ones.
    [Fact]
    public void TestDownwardAPI_write_twice()
    {
        var first = Collect(TestPod(Labels1), Field("labels", "metadata.labels"));
        var again = Collect(TestPod(Labels1), Field("labels", "metadata.labels"));
        var updated = Collect(TestPod(Labels2), Field("labels", "metadata.labels"));
        Assert.Equal(first.Files["labels"], again.Files["labels"]);
        Assert.Equal("key1=\"value1\"\nkey2=\"value2\"\nkey3=\"value3\"", Text(updated, "labels"));
    }

    // Ported from TestDownwardAPI: test_write_with_unix_path and test_write_with_two_consecutive_slashes_in_the_path.
    [Fact]
    public void TestDownwardAPI_paths()
    {
        var payload = Collect(
            TestPod(Labels1, Annotations),
            Field("these/are/my/labels", "metadata.labels"),
            Field("these/are/your/annotations", "metadata.annotations"),
            Field("this//labels", "metadata.labels"));
        Assert.Equal(["these/are/my/labels", "these/are/your/annotations", "this/labels"], payload.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Text(payload, "these/are/my/labels"), Text(payload, "this/labels"));
    }

    // Ported from TestDownwardAPI: test_default_mode and test_item_mode.
    [Fact]
    public void TestDownwardAPI_modes()
    {
        var payload = Collect(TestPod(), Field("name_file_name", "metadata.name"), Field("own_mode", "metadata.name", 0x100));
        Assert.Equal(DefaultMode, payload.Files["name_file_name"].Mode);
        Assert.Equal(0x100, payload.Files["own_mode"].Mode);
        Assert.Equal(0x1C0, DownwardApiPayload.Collect([Field("f", "metadata.name")], TestPod(), 0x1C0, null).Files["f"].Mode);
    }

    [Fact]
    public void Fields_outside_the_metadata_fail_the_payload_with_the_kubelets_message()
    {
        // A volume reads only metadata (ExtractFieldPathAsString), unlike an environment variable.
        var payload = Collect(TestPod(), Field("node", "spec.nodeName"), Field("bad", "metadata.labels['a b']"), Field("name", "metadata.name"));
        Assert.False(payload.IsComplete);
        Assert.Equal(["name"], payload.Files.Keys);
        Assert.Equal(
            "[unsupported fieldPath: spec.nodeName, invalid key subscript in metadata.labels['a b']: name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]",
            payload.Error);
    }

    [Fact]
    public void Resources_read_the_named_container_and_unset_limits_need_the_node()
    {
        var pod = TestPod() with
        {
            Containers =
            [
                new Container
                {
                    Name = "app",
                    Resources = new ResourceRequirements
                    {
                        Requests = new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "64Mi" },
                        Limits = new Dictionary<string, string> { ["memory"] = "128Mi" },
                    },
                },
            ],
        };
        DownwardApiVolumeFile Resource(string path, string resource, string? divisor = null) =>
            new() { Path = path, ResourceFieldRef = new ResourceFieldSelector { ContainerName = "app", Resource = resource, Divisor = divisor } };
        DownwardApiVolumeFile[] items =
        [
            Resource("cpu_request", "requests.cpu", "1m"),
            Resource("mem_limit", "limits.memory", "1Mi"),
            Resource("cpu_limit", "limits.cpu"),
        ];

        var offline = DownwardApiPayload.Collect(items, pod, DefaultMode, nodeAllocatable: null);
        Assert.Equal("250", Text(offline, "cpu_request"));
        Assert.Equal("128", Text(offline, "mem_limit"));
        Assert.Equal(["limits.cpu of container app (the node's allocatable)"], offline.NodeOnly);
        Assert.False(offline.IsComplete);

        var withNode = DownwardApiPayload.Collect(items, pod, DefaultMode, new Dictionary<string, string> { ["cpu"] = "3500m", ["memory"] = "2Gi" });
        Assert.True(withNode.IsComplete);
        Assert.Equal("4", Text(withNode, "cpu_limit"));
        Assert.Equal("128", Text(withNode, "mem_limit"));

        var missing = DownwardApiPayload.Collect([Resource("x", "limits.cpu") with { ResourceFieldRef = new ResourceFieldSelector { ContainerName = "gone", Resource = "limits.cpu" } }], pod, DefaultMode, null);
        Assert.Equal("container gone not found", missing.Error);
    }

    [Fact]
    public void A_later_item_at_the_same_path_wins()
    {
        var payload = Collect(TestPod(), Field("f", "metadata.name"), Field("./f", "metadata.namespace"));
        Assert.Equal("test_metadata_namespace", Text(payload, "f"));
    }
}
