using SecretProjection.DownwardApi;
using SecretProjection.Model;

namespace SecretProjection.Tests.DownwardApi;

public class ContainerResourcesTests
{
    private static Dictionary<string, string> List(params (string Name, string? Quantity)[] entries) =>
        entries.Where(e => e.Quantity is not null).ToDictionary(e => e.Name, e => e.Quantity!);

    // Upstream's getPod (pkg/api/v1/resource/helpers_test.go): one container and one init container "init-NAME",
    // both with the same resources.
    private static Pod GetPod(string name, string? cpuRequest = null, string? cpuLimit = null, string? memoryRequest = null, string? memoryLimit = null)
    {
        var resources = new ResourceRequirements
        {
            Limits = List(("cpu", cpuLimit), ("memory", memoryLimit)),
            Requests = List(("cpu", cpuRequest), ("memory", memoryRequest)),
        };
        return new Pod
        {
            Name = "pod",
            Containers = [new Container { Name = name, Resources = resources }],
            InitContainers = [new Container { Name = "init-" + name, Resources = resources }],
        };
    }

    private static ResourceFieldSelector Selector(string resource, string? divisor = null) => new() { Resource = resource, Divisor = divisor };

    // Ported from TestExtractResourceValue.
    public static TheoryData<ResourceFieldSelector, Pod, string, string> ExtractResourceValueCases => new()
    {
        { Selector("limits.cpu"), GetPod("foo", cpuLimit: "9"), "foo", "9" },
        { Selector("requests.cpu"), GetPod("foo"), "foo", "0" },
        { Selector("requests.cpu"), GetPod("foo", cpuRequest: "8"), "foo", "8" },
        { Selector("requests.cpu"), GetPod("foo", cpuRequest: "100m"), "foo", "1" },
        { Selector("requests.cpu", "100m"), GetPod("foo", cpuRequest: "1200m"), "foo", "12" },
        { Selector("requests.memory"), GetPod("foo", memoryRequest: "100Mi"), "foo", "104857600" },
        { Selector("requests.memory", "1Mi"), GetPod("foo", memoryRequest: "100Mi", memoryLimit: "1Gi"), "foo", "100" },
        { Selector("limits.memory"), GetPod("foo", memoryRequest: "10Mi", memoryLimit: "100Mi"), "foo", "104857600" },
        { Selector("limits.cpu"), GetPod("foo", cpuLimit: "9"), "init-foo", "9" },
        { Selector("requests.cpu"), GetPod("foo"), "init-foo", "0" },
        { Selector("requests.cpu"), GetPod("foo", cpuRequest: "8"), "init-foo", "8" },
        { Selector("requests.cpu"), GetPod("foo", cpuRequest: "100m"), "init-foo", "1" },
        { Selector("requests.cpu", "100m"), GetPod("foo", cpuRequest: "1200m"), "init-foo", "12" },
        { Selector("requests.memory"), GetPod("foo", memoryRequest: "100Mi"), "init-foo", "104857600" },
        { Selector("requests.memory", "1Mi"), GetPod("foo", memoryRequest: "100Mi", memoryLimit: "1Gi"), "init-foo", "100" },
        { Selector("limits.memory"), GetPod("foo", memoryRequest: "10Mi", memoryLimit: "100Mi"), "init-foo", "104857600" },
    };

    [Theory]
    [MemberData(nameof(ExtractResourceValueCases))]
    public void TestExtractResourceValue(ResourceFieldSelector selector, Pod pod, string containerName, string expected)
    {
        var result = ContainerResources.ExtractByContainerName(selector, pod, containerName);
        Assert.Null(result.Error);
        Assert.Equal(expected, result.Value);
    }

    // Ported from TestResourceHelpers: a limit that is set reads as itself, one that is not as zero.
    [Fact]
    public void TestResourceHelpers()
    {
        var container = new Container { Name = "c", Resources = new ResourceRequirements { Limits = List(("cpu", "10"), ("memory", "10G")) } };
        Assert.Equal("10", ContainerResources.Extract(Selector("limits.cpu"), container).Value);
        Assert.Equal("10000000000", ContainerResources.Extract(Selector("limits.memory"), container).Value);
        var memoryOnly = container with { Resources = new ResourceRequirements { Limits = List(("memory", "10G")) } };
        Assert.Equal("0", ContainerResources.Extract(Selector("limits.cpu"), memoryOnly).Value);
    }

    [Theory]
    [InlineData("limits.ephemeral-storage", null, "2147483648")]
    [InlineData("requests.ephemeral-storage", "1Mi", "1024")]
    [InlineData("limits.hugepages-2Mi", "1Mi", "8")]
    [InlineData("requests.hugepages-2Mi", null, "2097152")]
    [InlineData("requests.hugepages-1Gi", null, "0")]
    [InlineData("limits.cpu", "0", "2")] // a zero divisor divides by 1
    [InlineData("limits.cpu", "1m", "1500")]
    [InlineData("limits.memory", "1m", "3")] // Value() of 1m rounds up to 1
    [InlineData("limits.memory", "1G", "1")]
    [InlineData("limits.memory", "7", "1")]
    public void Reads_ephemeral_storage_and_hugepages_and_rounds_up_by_the_divisor(string resource, string? divisor, string expected)
    {
        var container = new Container
        {
            Name = "c",
            Resources = new ResourceRequirements
            {
                Limits = List(("cpu", "1500m"), ("memory", "3"), ("ephemeral-storage", "2Gi"), ("hugepages-2Mi", "8Mi")),
                Requests = List(("ephemeral-storage", "1Gi"), ("hugepages-2Mi", "2Mi")),
            },
        };
        Assert.Equal(expected, ContainerResources.Extract(Selector(resource, divisor), container).Value);
    }

    [Theory]
    [InlineData("limits.gpu", "unsupported container resource : limits.gpu")]
    [InlineData("cpu", "unsupported container resource : cpu")]
    [InlineData("requests.hugepages", "unsupported container resource : requests.hugepages")]
    public void Refuses_other_resources_with_upstreams_message(string resource, string message) =>
        Assert.Equal(message, ContainerResources.Extract(Selector(resource), new Container { Name = "c" }).Error);

    [Fact]
    public void Names_a_missing_container_and_an_unreadable_quantity()
    {
        Assert.Equal("container other not found", ContainerResources.ExtractByContainerName(Selector("limits.cpu"), GetPod("foo"), "other").Error);
        Assert.Equal(
            "cannot parse '1x': quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ContainerResources.Extract(Selector("limits.cpu", "1x"), new Container { Name = "c" }).Error);
        Assert.Equal(
            "cannot parse 'lots': quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ContainerResources.ExtractByContainerName(Selector("limits.cpu"), GetPod("foo", cpuLimit: "lots"), "foo").Error);
    }

    // Ported from TestPodResourceLimitsDefaulting (pkg/kubelet/kubelet_resources_test.go): allocatable cpu 6 and
    // memory 4Gi fill the limits that are unset or zero.
    [Theory]
    [InlineData("0", "0", "6", "4Gi")]
    [InlineData("1", "0", "1", "4Gi")]
    [InlineData(null, null, "6", "4Gi")]
    [InlineData("0", "1Mi", "6", "1Mi")]
    public void TestPodResourceLimitsDefaulting(string? cpuLimit, string? memoryLimit, string cpu, string memory)
    {
        var allocatable = new Dictionary<string, string> { ["cpu"] = "6", ["memory"] = "4Gi" };
        var container = new Container { Name = "foo", Resources = new ResourceRequirements { Limits = List(("cpu", cpuLimit), ("memory", memoryLimit)) } };
        Assert.Null(ContainerResources.MergeLimits(container, allocatable, out var merged));
        Assert.Equal(List(("cpu", cpu), ("memory", memory)).OrderBy(e => e.Key), merged.Resources.Limits.OrderBy(e => e.Key));
    }

    [Fact]
    public void An_unset_limit_reads_as_the_nodes_allocatable_and_hugepages_never_do()
    {
        var pod = GetPod("foo", cpuRequest: "100m");
        var allocatable = new Dictionary<string, string> { ["cpu"] = "4", ["memory"] = "8Gi", ["ephemeral-storage"] = "100Gi", ["hugepages-2Mi"] = "1Gi" };
        Assert.Equal("4", ContainerResources.ExtractByContainerNameAndNodeAllocatable(Selector("limits.cpu"), pod, "foo", allocatable).Value);
        Assert.Equal("8", ContainerResources.ExtractByContainerNameAndNodeAllocatable(Selector("limits.memory", "1Gi"), pod, "init-foo", allocatable).Value);
        Assert.Equal("100", ContainerResources.ExtractByContainerNameAndNodeAllocatable(Selector("limits.ephemeral-storage", "1Gi"), pod, "foo", allocatable).Value);
        Assert.Equal("0", ContainerResources.ExtractByContainerNameAndNodeAllocatable(Selector("limits.hugepages-2Mi"), pod, "foo", allocatable).Value);
        Assert.Equal("1", ContainerResources.ExtractByContainerNameAndNodeAllocatable(Selector("requests.cpu"), pod, "foo", allocatable).Value);
        Assert.Equal("0", ContainerResources.ExtractByContainerNameAndNodeAllocatable(Selector("limits.cpu"), pod, "foo", new Dictionary<string, string>()).Value);
    }
}
