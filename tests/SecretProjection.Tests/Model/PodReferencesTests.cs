using SecretProjection.Model;

namespace SecretProjection.Tests.Model;

public class PodReferencesTests
{
    private static readonly Pod Everything = new()
    {
        Name = "p",
        ImagePullSecrets = ["pull", string.Empty],
        InitContainers = [new Container { Name = "init", EnvFrom = [new EnvFromSource { SecretRef = new ObjectSelector("init-from") }] }],
        Containers =
        [
            new Container
            {
                Name = "app",
                Env =
                [
                    new EnvVar { Name = "A", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector("env-secret", "k") } },
                    new EnvVar { Name = "B", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new KeySelector("env-config", "k") } },
                    new EnvVar { Name = "C", Value = "literal" },
                ],
                EnvFrom = [new EnvFromSource { ConfigMapRef = new ObjectSelector("from-config") }],
            },
        ],
        EphemeralContainers = [new Container { Name = "debug", Env = [new EnvVar { Name = "D", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector("debug-secret", "k") } }] }],
        Volumes =
        [
            new Volume { Name = "s", Secret = new SecretVolumeSource { SecretName = "volume-secret" } },
            new Volume { Name = "c", ConfigMap = new ConfigMapVolumeSource { Name = "volume-config" } },
            new Volume
            {
                Name = "p",
                Projected = new ProjectedVolumeSource
                {
                    Sources =
                    [
                        new VolumeProjection { Secret = new ProjectedObject { Name = "projected-secret" } },
                        new VolumeProjection { ConfigMap = new ProjectedObject { Name = "projected-config" } },
                        new VolumeProjection { UnsupportedKind = "downwardAPI" },
                    ],
                },
            },
            new Volume { Name = "e", OtherKind = "emptyDir" },
        ],
    };

    // Upstream: TestPodSecrets / TestPodConfigmaps (pkg/api/v1/pod/util_test.go) for the sources this model holds.
    [Fact]
    public void Secret_names_are_those_VisitPodSecretNames_visits()
    {
        Assert.Equal(
            ["debug-secret", "env-secret", "init-from", "projected-secret", "pull", "volume-secret"],
            PodReferences.SecretNames(Everything).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ConfigMap_names_are_those_VisitPodConfigmapNames_visits()
    {
        Assert.Equal(
            ["env-config", "from-config", "projected-config", "volume-config"],
            PodReferences.ConfigMapNames(Everything).Order(StringComparer.Ordinal));
    }
}
