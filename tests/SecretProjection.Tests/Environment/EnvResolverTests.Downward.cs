using SecretProjection.Environment;
using SecretProjection.Model;
using static SecretProjection.Tests.Environment.EnvFixtures;

namespace SecretProjection.Tests.Environment;

public partial class EnvResolverTests
{
    private static EnvVar Field(string name, string fieldPath) => new() { Name = name, ValueFrom = new EnvVarSource { FieldPath = fieldPath } };

    private static EnvVar Resource(string name, string resource, string containerName = "", string? divisor = null) =>
        new() { Name = name, ValueFrom = new EnvVarSource { ResourceFieldRef = new ResourceFieldSelector { Resource = resource, ContainerName = containerName, Divisor = divisor } } };

    // The env cases of TestMakeEnvironmentVariables ("downward api pod"), the addresses read from the pod's status.
    [Fact]
    public void Downward_api_pod_fields_come_from_the_pods_spec_and_status()
    {
        var pod = PodWith(Container(env:
        [
            Field("POD_NAME", "metadata.name"),
            Field("POD_NAMESPACE", "metadata.namespace"),
            Field("POD_NODE_NAME", "spec.nodeName"),
            Field("POD_SERVICE_ACCOUNT_NAME", "spec.serviceAccountName"),
            Field("POD_IP", "status.podIP"),
            Field("POD_IPS", "status.podIPs"),
            Field("HOST_IP", "status.hostIP"),
            Field("HOST_IPS", "status.hostIPs"),
            Field("APP", "metadata.labels['app']"),
        ])) with
        {
            ServiceAccountName = "special",
            NodeName = "node-name",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Status = new PodStatus { PodIPs = ["fd00::6", "1.2.3.4"], HostIPs = ["127.0.0.1", "::1"] },
        };

        var result = EnvResolver.Resolve(pod, pod.Containers[0], Objects());

        Assert.Null(result.Error);
        Assert.Empty(result.Events);
        Assert.Equal(
            [
                ("POD_NAME", "dapi-test-pod-name"), ("POD_NAMESPACE", "test1"), ("POD_NODE_NAME", "node-name"), ("POD_SERVICE_ACCOUNT_NAME", "special"),
                ("POD_IP", "1.2.3.4"), ("POD_IPS", "1.2.3.4,fd00::6"), ("HOST_IP", "127.0.0.1"), ("HOST_IPS", "127.0.0.1,::1"), ("APP", "web"),
            ],
            Pairs(result));
    }

    [Fact]
    public void What_only_a_node_knows_is_reported_by_field_path()
    {
        var pod = PodWith(Container(env: [Field("HOST_IP", "status.hostIP"), Field("NODE", "spec.nodeName"), Resource("CPU_LIMIT", "limits.cpu")]));

        var result = EnvResolver.Resolve(pod, pod.Containers[0], Objects());

        Assert.Empty(Pairs(result));
        Assert.Equal(
            [
                "skipping envvar \"HOST_IP\": fieldRef status.hostIP is only known on a node",
                "skipping envvar \"NODE\": fieldRef spec.nodeName is only known on a node",
                "skipping envvar \"CPU_LIMIT\": resourceFieldRef limits.cpu (the node's allocatable) is only known on a node",
            ],
            result.Events.Select(e => e.Message));
    }

    // TestPodResourceLimitsDefaulting (pkg/kubelet/kubelet_resources_test.go): a limit that is unset or zero is the
    // node's allocatable (cpu 6, memory 4Gi), read here through env resourceFieldRefs.
    [Theory]
    [InlineData("0", "0", "6", "4294967296")]
    [InlineData("1", "0", "1", "4294967296")]
    [InlineData(null, null, "6", "4294967296")]
    [InlineData("0", "1Mi", "6", "1048576")]
    public void An_unset_or_zero_limit_is_the_nodes_allocatable_when_the_node_is_known(string? cpuLimit, string? memoryLimit, string cpu, string memory)
    {
        var limits = new Dictionary<string, string>();
        if (cpuLimit is not null)
        {
            limits["cpu"] = cpuLimit;
        }

        if (memoryLimit is not null)
        {
            limits["memory"] = memoryLimit;
        }

        var container = Container(env: [Resource("CPU", "limits.cpu"), Resource("MEMORY", "limits.memory")]) with { Resources = new ResourceRequirements { Limits = limits } };
        var pod = PodWith(container);
        var node = new Node { Name = "node", Allocatable = new Dictionary<string, string> { ["cpu"] = "6", ["memory"] = "4Gi" } };

        var onNode = EnvResolver.Resolve(pod, pod.Containers[0], new Sources.ClusterSnapshot(Objects(), node));
        var offline = EnvResolver.Resolve(pod, pod.Containers[0], Objects());

        Assert.Empty(onNode.Events);
        Assert.Equal([("CPU", cpu), ("MEMORY", memory)], Pairs(onNode));
        Assert.Equal( // without the node, only the limits that are set
            new[] { ("CPU", cpuLimit, cpu), ("MEMORY", memoryLimit, memory) }.Where(l => l.Item2 is not (null or "0")).Select(l => (l.Item1, l.Item3)),
            Pairs(offline));
    }

    [Fact]
    public void Resource_field_refs_read_requests_and_set_limits_rounded_up()
    {
        var container = Container(env: [Resource("CPU", "requests.cpu"), Resource("MEM", "limits.memory", divisor: "1Mi"), Resource("SIDE_CPU", "requests.cpu", "side", "1m")]) with
        {
            Resources = new ResourceRequirements { Requests = new Dictionary<string, string> { ["cpu"] = "250m" }, Limits = new Dictionary<string, string> { ["memory"] = "100Mi" } },
        };
        var pod = PodWith(container) with
        {
            Containers = [container, new Container { Name = "side", Resources = new ResourceRequirements { Requests = new Dictionary<string, string> { ["cpu"] = "1.5" } } }],
        };

        var result = EnvResolver.Resolve(pod, pod.Containers[0], Objects());

        Assert.Equal([("CPU", "1"), ("MEM", "100"), ("SIDE_CPU", "1500")], Pairs(result));
    }

    [Fact]
    public void A_field_the_kubelet_refuses_stops_the_container_with_its_message()
    {
        var pod = PodWith(Container(env: [Field("PHASE", "status.phase")]));

        var result = EnvResolver.Resolve(pod, pod.Containers[0], Objects());

        Assert.NotNull(result.Error);
        Assert.Equal(EnvErrorKind.DownwardApiFailed, result.Error.Kind);
        Assert.Equal("unsupported fieldPath: status.phase", result.Error.Message);
        Assert.Equal("spec.containers[0].env[0].valueFrom.fieldRef", result.Error.Field);
    }
}
