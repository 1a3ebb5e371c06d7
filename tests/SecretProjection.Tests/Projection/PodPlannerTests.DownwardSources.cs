using System.Text;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Sources;
using static SecretProjection.Tests.Projection.ProjectionFixtures;

namespace SecretProjection.Tests.Projection;

public partial class PodPlannerTests
{
    private static DownwardApiVolumeFile FieldFile(string path, string fieldPath, int? mode = null) =>
        new() { Path = path, FieldRef = new ObjectFieldSelector { FieldPath = fieldPath }, Mode = mode };

    private static DownwardApiVolumeFile ResourceFile(string path, string container, string resource, string? divisor = null) =>
        new() { Path = path, ResourceFieldRef = new ResourceFieldSelector { ContainerName = container, Resource = resource, Divisor = divisor } };

    private static Pod Labelled(Pod pod) => pod with
    {
        Labels = new Dictionary<string, string> { ["zone"] = "us-east-coast", ["cluster"] = "test-cluster1", ["rack"] = "rack-22" },
        Annotations = new Dictionary<string, string> { ["builder"] = "john-doe", ["build"] = "two" },
        Containers = [new Container { Name = "client-container", Resources = new ResourceRequirements { Requests = new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "32Mi" }, Limits = new Dictionary<string, string> { ["memory"] = "64Mi" } } }],
    };

    private static string Text(PlannedFile file) => Encoding.UTF8.GetString(file.Data.Span);

    // The docs' downwardAPI volume example (kubernetes.io, "Expose Pod Information to Containers Through Files").
    [Fact]
    public void A_downwardAPI_volume_is_planned_as_CollectData_writes_it()
    {
        var volume = new Volume
        {
            Name = "podinfo",
            DownwardApi = new DownwardApiVolumeSource { Items = [FieldFile("labels", "metadata.labels"), FieldFile("annotations", "metadata.annotations", 0x100), ResourceFile("mem_request", "client-container", "requests.memory", "1Mi")] },
        };

        var plan = PlanOne(Labelled(Pod(volume)));

        Assert.True(plan.Succeeded, plan.ErrorMessage);
        Assert.Equal(VolumeKind.DownwardAPI, plan.Kind);
        Assert.False(plan.NeverChanges);
        Assert.Equal(["annotations", "labels", "mem_request"], plan.Files.Select(f => f.Path));
        Assert.Equal("build=\"two\"\nbuilder=\"john-doe\"", Text(plan.Files[0]));
        Assert.Equal(0x100, plan.Files[0].Mode);
        Assert.Equal("cluster=\"test-cluster1\"\nrack=\"rack-22\"\nzone=\"us-east-coast\"", Text(plan.Files[1]));
        Assert.Equal(Mode0644, plan.Files[1].Mode);
        Assert.Equal("32", Text(plan.Files[2]));
        Assert.Equal(new FileSource(ObjectKind.Pod, "pod", "metadata.labels"), plan.Files[1].Source);
    }

    [Fact]
    public void A_field_only_a_node_knows_fails_the_volume_instead_of_leaving_the_file_out()
    {
        var volume = new Volume { Name = "podinfo", DownwardApi = new DownwardApiVolumeSource { Items = [FieldFile("labels", "metadata.labels"), ResourceFile("cpu_limit", "client-container", "limits.cpu")] } };

        var plan = PlanOne(Labelled(Pod(volume)));

        Assert.False(plan.Succeeded);
        Assert.Empty(plan.Files);
        var error = Assert.Single(plan.Errors);
        Assert.Equal(PlanError.NeedsClusterReason, error.Reason);
        Assert.Equal("spec.volumes[0].downwardAPI.items[1].resourceFieldRef", error.Field);
        Assert.Equal("limits.cpu of container client-container (the node's allocatable) is known only on a node or by the API server", error.Message);
    }

    [Fact]
    public void The_kubelets_errors_fail_the_volume_with_its_messages()
    {
        var volume = new Volume { Name = "podinfo", DownwardApi = new DownwardApiVolumeSource { Items = [FieldFile("node", "spec.nodeName"), ResourceFile("gpu", "client-container", "limits.gpu")] } };

        var plan = PlanOne(Labelled(Pod(volume)));

        Assert.Equal("[unsupported fieldPath: spec.nodeName, unsupported container resource : limits.gpu]", plan.ErrorMessage);
        Assert.Equal(["spec.volumes[0].downwardAPI.items[0].fieldRef", "spec.volumes[0].downwardAPI.items[1].resourceFieldRef"], plan.Errors.Select(e => e.Field));
    }

    // The docs' projected-volume example: secret, downwardAPI, configMap, and a serviceAccountToken. Without a
    // cluster there is no token, so the volume is not written at all (never with the token left out).
    [Fact]
    public void A_projected_volume_with_a_token_needs_a_cluster_and_writes_nothing_without_one()
    {
        ProjectedVolumeSource Sources(bool token) => new()
        {
            Sources =
            [
                new VolumeProjection { Secret = new ProjectedObject { Name = "mysecret", Items = [new KeyToPath { Key = "username", Path = "my-group/my-username" }] } },
                new VolumeProjection { DownwardApi = new DownwardApiVolumeSource { Items = [FieldFile("labels", "metadata.labels"), ResourceFile("cpu_request", "client-container", "requests.cpu", "1m")] } },
                new VolumeProjection { ConfigMap = new ProjectedObject { Name = "myconfigmap", Items = [new KeyToPath { Key = "config", Path = "my-group/my-config" }] } },
                .. token ? [new VolumeProjection { ServiceAccountToken = new ServiceAccountTokenProjection { Audience = "api", Path = "token", ExpirationSeconds = 3600 } }] : Array.Empty<VolumeProjection>(),
            ],
        };
        object[] objects = [Secret("mysecret", ("username", "admin")), ConfigMap("myconfigmap", ("config", "x=1"))];

        var without = PlanOne(Labelled(Pod(ProjectedVolume(Sources(token: false)))), objects);
        Assert.True(without.Succeeded, without.ErrorMessage);
        Assert.Equal(["cpu_request", "labels", "my-group/my-config", "my-group/my-username"], without.Files.Select(f => f.Path));
        Assert.Equal("250", Text(without.Files[0]));

        var with = PlanOne(Labelled(Pod(ProjectedVolume(Sources(token: true)))), objects);
        Assert.False(with.Succeeded);
        Assert.Empty(with.Files);
        var error = Assert.Single(with.Errors);
        Assert.Equal(PlanError.NeedsClusterReason, error.Reason);
        Assert.Equal("spec.volumes[0].projected.sources[3].serviceAccountToken", error.Field);
        Assert.Equal("serviceAccountToken \"token\" needs a cluster: only the API server issues a token for ServiceAccount \"default\" (TokenRequest)", error.Message);
    }

    [Fact]
    public void A_clusterTrustBundle_source_needs_a_cluster()
    {
        var sources = new[] { new VolumeProjection { ClusterTrustBundle = new ClusterTrustBundleProjection { Path = "ca.pem", SignerName = "example.com/signer", LabelSelector = new LabelSelector() } } };

        var plan = PlanOne(Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = sources })));

        var error = Assert.Single(plan.Errors);
        Assert.Equal(PlanError.NeedsClusterReason, error.Reason);
        Assert.Equal("clusterTrustBundle \"ca.pem\" needs a cluster: the certificates of the ClusterTrustBundles of signer \"example.com/signer\" are read from the API server", error.Message);
    }

    [Fact]
    public void A_projected_downwardAPI_source_uses_the_projected_volumes_default_mode()
    {
        var sources = new[] { new VolumeProjection { DownwardApi = new DownwardApiVolumeSource { DefaultMode = 0x1FF, Items = [FieldFile("name", "metadata.name"), FieldFile("ns", "metadata.namespace", 0x100)] } } };

        var plan = PlanOne(Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = sources, DefaultMode = 0x120 })));

        Assert.Equal([("name", 0x120, "pod"), ("ns", 0x100, "test")], plan.Files.Select(f => (f.Path, f.Mode, Text(f))));
    }

    private static VolumePlan PlanInCluster(Pod pod, Node? node, IReadOnlyList<ClusterTrustBundle>? bundles) =>
        PodPlanner.Plan(pod, new ClusterSnapshot(new ObjectSnapshot([], []), node, bundles)).Volumes.Single();

    [Fact]
    public void With_the_node_an_unset_limit_reads_as_its_allocatable()
    {
        var volume = new Volume { Name = "podinfo", DownwardApi = new DownwardApiVolumeSource { Items = [ResourceFile("cpu_limit", "client-container", "limits.cpu", "1m")] } };

        var plan = PlanInCluster(Labelled(Pod(volume)), new Node { Name = "n", Allocatable = new Dictionary<string, string> { ["cpu"] = "3500m" } }, null);

        Assert.True(plan.Succeeded, plan.ErrorMessage);
        Assert.Equal("3500", Text(Assert.Single(plan.Files)));
    }

    [Fact]
    public void With_the_clusters_bundles_a_clusterTrustBundle_source_is_planned_as_the_kubelet_normalizes_it()
    {
        var der = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x05 };
        var pem = "junk\n" + SecretProjection.TrustBundles.PemBlock.Encode("CERTIFICATE", der);
        ClusterTrustBundle[] bundles =
        [
            new() { Name = "a", SignerName = "example.com/s", Labels = new Dictionary<string, string> { ["env"] = "prod" }, TrustBundle = pem },
            new() { Name = "b", SignerName = "example.com/s", Labels = new Dictionary<string, string> { ["env"] = "prod" }, TrustBundle = pem },
        ];
        var selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["env"] = "prod" } };
        VolumeProjection Source(string path, string signer, bool optional = false) =>
            new() { ClusterTrustBundle = new ClusterTrustBundleProjection { Path = path, SignerName = signer, LabelSelector = selector, Optional = optional } };

        var plan = PlanInCluster(Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = [Source("ca.pem", "example.com/s"), Source("none.pem", "example.com/other", optional: true)] })), null, bundles);

        Assert.True(plan.Succeeded, plan.ErrorMessage);
        Assert.Equal(["ca.pem", "none.pem"], plan.Files.Select(f => f.Path));
        Assert.Equal(SecretProjection.TrustBundles.PemBlock.Encode("CERTIFICATE", der), Text(plan.Files[0]));
        Assert.Equal(string.Empty, Text(plan.Files[1]));
        Assert.Equal(new FileSource(ObjectKind.ClusterTrustBundle, "example.com/s", "trustBundle"), plan.Files[0].Source);

        var missing = PlanInCluster(Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = [Source("ca.pem", "example.com/other")] })), null, bundles);
        Assert.Equal("combination of signerName and labelSelector matched zero ClusterTrustBundles", Assert.Single(missing.Errors).Message);
        Assert.Equal(PlanError.FailedMountReason, missing.Errors[0].Reason);
    }
}
