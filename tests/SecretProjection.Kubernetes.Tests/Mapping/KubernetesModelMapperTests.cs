using System.Text;
using k8s.Models;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Mapping;

public class KubernetesModelMapperTests
{
    [Fact]
    public void Applies_api_server_defaults_to_secrets()
    {
        var secret = KubernetesModelMapper.ToModel(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "s" },
            Data = new Dictionary<string, byte[]> { ["k"] = "data"u8.ToArray(), ["n"] = null! },
            StringData = new Dictionary<string, string> { ["k"] = "string" },
        });
        Assert.Equal("default", secret.Namespace);
        Assert.Equal(SecretTypes.Opaque, secret.Type);
        Assert.Equal("string", Encoding.UTF8.GetString(secret.Data["k"].Span));
        Assert.Equal(0, secret.Data["n"].Length);
    }

    [Fact]
    public void Round_trips_a_secret()
    {
        var model = new Secret
        {
            Name = "s",
            Namespace = "ns",
            Type = SecretTypes.Tls,
            Immutable = true,
            ResourceVersion = "42",
            Data = DataMap.FromStrings([KeyValuePair.Create("tls.crt", "c"), KeyValuePair.Create("tls.key", "k")]),
        };
        var back = KubernetesModelMapper.ToModel(KubernetesModelMapper.ToKubernetes(model));
        Assert.Equal(model.Data, back.Data);
        Assert.Equal((model.Name, model.Namespace, model.Type, model.Immutable, model.ResourceVersion), (back.Name, back.Namespace, back.Type, back.Immutable, back.ResourceVersion));
    }

    [Fact]
    public void Maps_pod_containers_volumes_and_security_context()
    {
        var pod = KubernetesModelMapper.ToModel(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns" },
            Spec = new V1PodSpec
            {
                SecurityContext = new V1PodSecurityContext { FsGroup = 2000, RunAsUser = 1000 },
                InitContainers = [new V1Container { Name = "i" }],
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Env = [new V1EnvVar { Name = "A", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "s", Key = "k", Optional = true } } }],
                        EnvFrom = [new V1EnvFromSource { Prefix = "P_", SecretRef = new V1SecretEnvSource { Name = "s" } }],
                        VolumeMounts = [new V1VolumeMount { Name = "v", MountPath = "/m", SubPath = "x" }],
                    },
                ],
                Volumes =
                [
                    new V1Volume { Name = "v", Secret = new V1SecretVolumeSource { SecretName = "s", DefaultMode = 0x100 } },
                    new V1Volume { Name = "e", EmptyDir = new V1EmptyDirVolumeSource() },
                    new V1Volume { Name = "p", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "t" } }] } },
                ],
            },
        });
        Assert.Equal(2000, pod.SecurityContext.FsGroup);
        Assert.Equal(new KeySelector("s", "k", true), pod.Containers[0].Env[0].ValueFrom!.SecretKeyRef);
        Assert.Equal("P_", pod.Containers[0].EnvFrom[0].Prefix);
        Assert.Equal("x", pod.Containers[0].VolumeMounts[0].SubPath);
        Assert.Equal(0x100, pod.Volumes[0].Secret!.DefaultMode);
        Assert.Equal("emptyDir", pod.Volumes[1].OtherKind);
        Assert.Equal("t", pod.Volumes[2].Projected!.Sources[0].ServiceAccountToken!.Path);
        Assert.Null(pod.Volumes[2].Projected!.Sources[0].UnsupportedKind);
        Assert.Equal([("i", ContainerKind.Init), ("c", ContainerKind.Regular)], pod.AllContainers().Select(c => (c.Container.Name, c.Kind)));
    }
}
