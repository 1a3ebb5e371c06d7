using k8s.Models;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Mapping;

public class KubernetesModelMapperSourcesTests
{
    [Fact]
    public void Maps_the_downward_api_token_and_trust_bundle_sources_and_what_they_read()
    {
        var pod = KubernetesModelMapper.ToModel(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Labels = new Dictionary<string, string> { ["app"] = "web" }, Annotations = new Dictionary<string, string> { ["a"] = "1" } },
            Spec = new V1PodSpec
            {
                NodeName = "node-1",
                TerminationGracePeriodSeconds = 5,
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        SecurityContext = new V1SecurityContext { RunAsUser = 1000 },
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") },
                            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                        },
                        Env =
                        [
                            new V1EnvVar { Name = "CPU", ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = "requests.cpu", Divisor = new ResourceQuantity("1m") } } },
                        ],
                    },
                ],
                Volumes =
                [
                    new V1Volume
                    {
                        Name = "d",
                        DownwardAPI = new V1DownwardAPIVolumeSource
                        {
                            DefaultMode = 0x100,
                            Items = [new V1DownwardAPIVolumeFile { Path = "labels", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels" } }],
                        },
                    },
                    new V1Volume
                    {
                        Name = "p",
                        Projected = new V1ProjectedVolumeSource
                        {
                            Sources =
                            [
                                new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "token", Audience = "vault" } },
                                new V1VolumeProjection
                                {
                                    ClusterTrustBundle = new V1ClusterTrustBundleProjection
                                    {
                                        Path = "ca.pem",
                                        SignerName = "example.com/s",
                                        LabelSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "k", OperatorProperty = "In", Values = ["v"] }] },
                                    },
                                },
                                new V1VolumeProjection { DownwardAPI = new V1DownwardAPIProjection { Items = [new V1DownwardAPIVolumeFile { Path = "cpu", ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "c", Resource = "limits.cpu" } }] } },
                                new V1VolumeProjection { PodCertificate = new V1PodCertificateProjection { SignerName = "x", KeyType = "ED25519" } },
                            ],
                        },
                    },
                ],
            },
            Status = new V1PodStatus { PodIP = "10.0.0.1", PodIPs = [new V1PodIP { Ip = "10.0.0.1" }], HostIP = "192.168.0.1", HostIPs = [new V1HostIP { Ip = "192.168.0.1" }] },
        });

        Assert.Equal("web", pod.Labels["app"]);
        Assert.Equal("1", pod.Annotations["a"]);
        Assert.Equal("node-1", pod.NodeName);
        Assert.Equal(5, pod.TerminationGracePeriodSeconds);
        Assert.Equal(["10.0.0.1"], pod.Status.PodIPs);
        Assert.Equal(["192.168.0.1"], pod.Status.HostIPs);
        var container = pod.Containers[0];
        Assert.Equal(1000, container.SecurityContext.RunAsUser);
        Assert.Equal("250m", container.Resources.Requests["cpu"]);
        Assert.Equal("1Gi", container.Resources.Limits["memory"]);
        Assert.Equal(new ResourceFieldSelector { Resource = "requests.cpu", Divisor = "1m" }, container.Env[0].ValueFrom!.ResourceFieldRef);
        Assert.Null(container.Env[0].ValueFrom!.UnsupportedKind);

        var downward = pod.Volumes[0].DownwardApi!;
        Assert.Null(pod.Volumes[0].OtherKind);
        Assert.Equal(0x100, downward.DefaultMode);
        Assert.Equal(new ObjectFieldSelector { FieldPath = "metadata.labels", ApiVersion = "v1" }, downward.Items[0].FieldRef);

        var sources = pod.Volumes[1].Projected!.Sources;
        Assert.Equal(new ServiceAccountTokenProjection { Path = "token", Audience = "vault", ExpirationSeconds = 3600 }, sources[0].ServiceAccountToken);
        Assert.Equal("example.com/s", sources[1].ClusterTrustBundle!.SignerName);
        Assert.Equal("In", sources[1].ClusterTrustBundle!.LabelSelector!.MatchExpressions[0].Operator);
        Assert.Equal("limits.cpu", sources[2].DownwardApi!.Items[0].ResourceFieldRef!.Resource);
        Assert.Equal("podCertificate", sources[3].UnsupportedKind);
    }

    [Fact]
    public void Maps_nodes_and_cluster_trust_bundles()
    {
        var node = KubernetesModelMapper.ToModel(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n" },
            Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3500m"), ["memory"] = new("8Gi") } },
        });
        Assert.Equal("n", node.Name);
        Assert.Equal("3500m", node.Allocatable["cpu"]);
        Assert.Equal("8Gi", node.Allocatable["memory"]);

        var bundle = KubernetesModelMapper.ToModel(new V1beta1ClusterTrustBundle
        {
            Metadata = new V1ObjectMeta { Name = "b", Labels = new Dictionary<string, string> { ["k"] = "v" } },
            Spec = new V1beta1ClusterTrustBundleSpec { SignerName = "example.com/s", TrustBundle = "PEM" },
        });
        Assert.Equal(new ClusterTrustBundle { Name = "b", SignerName = "example.com/s", Labels = bundle.Labels, TrustBundle = "PEM" }, bundle);
        Assert.Equal("v", bundle.Labels["k"]);
    }
}
