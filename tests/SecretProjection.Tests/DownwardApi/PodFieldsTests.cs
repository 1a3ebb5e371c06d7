using SecretProjection.DownwardApi;
using SecretProjection.Model;

namespace SecretProjection.Tests.DownwardApi;

public class PodFieldsTests
{
    // The kubelet's test host addresses (testKubeletHostIP, testKubeletHostIPv6 in kubelet_test.go).
    private const string HostIP = "127.0.0.1";
    private const string HostIPv6 = "::1";

    // The pod of TestMakeEnvironmentVariables (pkg/kubelet/kubelet_pods_test.go), with the sandbox's addresses
    // and the node's in its status.
    private static Pod TestPod(params string[] podIPs) => new()
    {
        Name = "dapi-test-pod-name",
        Namespace = "downward-api",
        ServiceAccountName = "special",
        NodeName = "node-name",
        Status = new PodStatus { PodIPs = podIPs, HostIPs = [HostIP, HostIPv6] },
    };

    private static string? Value(Pod pod, string fieldPath, bool nodePrefersIPv6 = false) =>
        PodFields.Value(new ObjectFieldSelector { FieldPath = fieldPath }, pod, nodePrefersIPv6).Value;

    // Ported from TestMakeEnvironmentVariables, case "downward api pod".
    [Fact]
    public void DownwardApiPod()
    {
        var pod = TestPod("1.2.3.4", "fd00::6");
        Assert.Equal("dapi-test-pod-name", Value(pod, "metadata.name"));
        Assert.Equal("downward-api", Value(pod, "metadata.namespace"));
        Assert.Equal("node-name", Value(pod, "spec.nodeName"));
        Assert.Equal("special", Value(pod, "spec.serviceAccountName"));
        Assert.Equal("1.2.3.4", Value(pod, "status.podIP"));
        Assert.Equal("1.2.3.4,fd00::6", Value(pod, "status.podIPs"));
        Assert.Equal(HostIP, Value(pod, "status.hostIP"));
        Assert.Equal(HostIP + "," + HostIPv6, Value(pod, "status.hostIPs"));
    }

    // Ported from TestMakeEnvironmentVariables, cases "downward api pod ips reverse order" and "downward api pod
    // ips multiple ips": the node's family first, one address per family, addresses that do not parse dropped.
    [Theory]
    [InlineData(new[] { "fd00::6", "1.2.3.4" }, "1.2.3.4", "1.2.3.4,fd00::6")]
    [InlineData(new[] { "1.2.3.4", "192.168.1.1.", "fd00::6" }, "1.2.3.4", "1.2.3.4,fd00::6")]
    public void DownwardApiPodIPs(string[] podIPs, string podIP, string joined)
    {
        var pod = TestPod(podIPs);
        Assert.Equal(podIP, Value(pod, "status.podIP"));
        Assert.Equal(joined, Value(pod, "status.podIPs"));
        Assert.Equal(HostIP, Value(pod, "status.hostIP"));
        Assert.Equal(HostIP + "," + HostIPv6, Value(pod, "status.hostIPs"));
    }

    // Ported from TestMakeEnvironmentVariables, case "env expansion": the fieldRef that the expansion reads.
    [Fact]
    public void EnvExpansion() => Assert.Equal("dapi-test-pod-name", Value(TestPod(), "metadata.name"));

    [Fact]
    public void An_IPv6_node_puts_IPv6_first()
    {
        var pod = TestPod("1.2.3.4", "fd00::6");
        Assert.Equal("fd00::6", Value(pod, "status.podIP", nodePrefersIPv6: true));
        Assert.Equal("fd00::6,1.2.3.4", Value(pod, "status.podIPs", nodePrefersIPv6: true));
    }

    [Fact]
    public void Without_pod_addresses_the_pod_ip_fields_are_empty_and_host_fields_node_only()
    {
        var pod = new Pod { Name = "p" };
        Assert.Equal(string.Empty, Value(pod, "status.podIP"));
        Assert.Equal(string.Empty, Value(pod, "status.podIPs"));
        Assert.Equal("spec.nodeName", PodFields.Value(new ObjectFieldSelector { FieldPath = "spec.nodeName" }, pod).NodeOnly);
        Assert.Equal("status.hostIP", PodFields.Value(new ObjectFieldSelector { FieldPath = "status.hostIP" }, pod).NodeOnly);
        Assert.Equal("status.hostIPs", PodFields.Value(new ObjectFieldSelector { FieldPath = "status.hostIPs" }, pod).NodeOnly);
    }

    [Fact]
    public void A_status_with_only_the_singular_fields_still_answers()
    {
        var pod = new Pod { Name = "p", Status = new PodStatus { PodIP = "10.0.0.7", HostIP = "192.168.0.2" } };
        Assert.Equal("10.0.0.7", Value(pod, "status.podIP"));
        Assert.Equal("10.0.0.7", Value(pod, "status.podIPs"));
        Assert.Equal("192.168.0.2", Value(pod, "status.hostIP"));
        Assert.Equal("192.168.0.2", Value(pod, "status.hostIPs"));
    }

    [Fact]
    public void Reads_labels_annotations_and_the_grace_period()
    {
        var pod = TestPod() with
        {
            Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
            Annotations = new Dictionary<string, string> { ["note"] = "a\"b" },
            TerminationGracePeriodSeconds = 5,
        };
        Assert.Equal("web", Value(pod, "metadata.labels['app']"));
        Assert.Equal("app=\"web\"\ntier=\"front\"", Value(pod, "metadata.labels"));
        Assert.Equal("note=\"a\\\"b\"", Value(pod, "metadata.annotations"));
        Assert.Equal(string.Empty, Value(pod, "metadata.annotations['absent']"));
        Assert.Equal("5", Value(pod, "spec.terminationGracePeriodSeconds"));
        Assert.Equal("30", Value(TestPod(), "spec.terminationGracePeriodSeconds"));
        Assert.Equal("node-name", Value(pod, "spec.host"));
    }

    // ConvertDownwardAPIFieldLabel (pkg/apis/core/pods/helpers.go) accepts these, and podFieldSelectorRuntimeValue
    // then has no value for the ones it does not read.
    [Theory]
    [InlineData("v1", "metadata.generation", "field label not supported: metadata.generation")]
    [InlineData("v1", "spec.containers['a']", "field label does not support subscript: spec.containers['a']")]
    [InlineData("v2", "metadata.name", "unsupported pod version: v2")]
    [InlineData("v1", "status.phase", "unsupported fieldPath: status.phase")]
    [InlineData("v1", "spec.restartPolicy", "unsupported fieldPath: spec.restartPolicy")]
    public void Refuses_what_the_kubelet_refuses(string apiVersion, string fieldPath, string message) =>
        Assert.Equal(message, PodFields.Value(new ObjectFieldSelector { ApiVersion = apiVersion, FieldPath = fieldPath }, TestPod()).Error);

    [Theory]
    [InlineData("1.2.3.4", true, false)]
    [InlineData("001.002.003.004", true, false)]
    [InlineData("::ffff:1.2.3.4", true, false)]
    [InlineData("fd00::6", false, true)]
    [InlineData("::1.2.3.4", false, true)]
    [InlineData("192.168.1.1.", false, false)]
    [InlineData("256.1.1.1", false, false)]
    [InlineData("1.2.3", false, false)]
    [InlineData("fe80::1%eth0", false, false)]
    [InlineData("[::1]", false, false)]
    [InlineData("", false, false)]
    public void Tells_address_families_as_Go_parses_them(string text, bool v4, bool v6)
    {
        Assert.Equal(v4, GoIP.IsIPv4(text));
        Assert.Equal(v6, GoIP.IsIPv6(text));
    }
}
