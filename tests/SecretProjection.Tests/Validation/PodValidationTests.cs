using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

public class PodValidationTests
{
    private static Pod PodWith(Volume volume, params VolumeMount[] mounts) => new()
    {
        Name = "p",
        Namespace = "ns",
        Volumes = [volume],
        Containers = [new Container { Name = "c", VolumeMounts = mounts }],
    };

    private static Volume SecretVolume(int? defaultMode = null, params KeyToPath[] items) =>
        new() { Name = "v", Secret = new SecretVolumeSource { SecretName = "s", DefaultMode = defaultMode, Items = items } };

    private static string[] Errors(Pod pod, PodValidationOptions? options = null) =>
        PodValidation.Validate(pod, options).Select(e => e.ToString()).ToArray();

    [Fact]
    public void A_valid_pod_has_no_errors() =>
        Assert.Empty(Errors(PodWith(SecretVolume(0x100, new KeyToPath { Key = "k", Path = "a/b", Mode = 0x1FF }), new VolumeMount { Name = "v", MountPath = "/etc/v" })));

    // Cases from TestValidateVolumes (secret volume items) and validateKeyToPath.
    [Theory]
    [InlineData("/abs", "spec.volumes[0].secret.items[0].path: Invalid value: \"/abs\": must be a relative path")]
    [InlineData("../x", "spec.volumes[0].secret.items[0].path: Invalid value: \"../x\": must not contain '..'")]
    [InlineData("a/../../b", "spec.volumes[0].secret.items[0].path: Invalid value: \"a/../../b\": must not contain '..'")]
    [InlineData("..x/y", "spec.volumes[0].secret.items[0].path: Invalid value: \"..x/y\": must not start with '..'")]
    [InlineData("", "spec.volumes[0].secret.items[0].path: Required value")]
    public void Item_paths_follow_the_local_non_reserved_path_rule(string path, string expected) =>
        Assert.Equal([expected], Errors(PodWith(SecretVolume(null, new KeyToPath { Key = "k", Path = path }))));

    [Fact]
    public void Double_dot_prefix_is_reported_once_when_the_dot_dot_element_rule_already_caught_it() =>
        Assert.Single(Errors(PodWith(SecretVolume(null, new KeyToPath { Key = "k", Path = "../x" }))));

    [Theory]
    [InlineData(-1)]
    [InlineData(0x200)]
    public void Modes_must_be_within_0_and_0777(int mode)
    {
        Assert.Equal(
            [$"spec.volumes[0].secret.defaultMode: Invalid value: {mode}: must be a number between 0 and 0777 (octal), both inclusive"],
            Errors(PodWith(SecretVolume(mode))));
        Assert.Equal(
            [$"spec.volumes[0].secret.items[0].mode: Invalid value: {mode}: must be a number between 0 and 0777 (octal), both inclusive"],
            Errors(PodWith(SecretVolume(null, new KeyToPath { Key = "k", Path = "p", Mode = mode }))));
    }

    [Fact]
    public void Projected_duplicate_explicit_paths_are_an_error_naming_the_later_source()
    {
        var volume = new Volume
        {
            Name = "v",
            Projected = new ProjectedVolumeSource
            {
                Sources =
                [
                    new VolumeProjection { Secret = new ProjectedObject { Name = "a", Items = [new KeyToPath { Key = "k", Path = "same" }] } },
                    new VolumeProjection { ConfigMap = new ProjectedObject { Name = "b", Items = [new KeyToPath { Key = "k", Path = "same" }] } },
                ],
            },
        };
        Assert.Equal(["spec.volumes[0].projected: Invalid value: \"b\": conflicting duplicate paths"], Errors(PodWith(volume)));
    }

    [Fact]
    public void Projected_sources_without_items_may_overlap()
    {
        var volume = new Volume
        {
            Name = "v",
            Projected = new ProjectedVolumeSource
            {
                Sources = [new VolumeProjection { Secret = new ProjectedObject { Name = "a" } }, new VolumeProjection { Secret = new ProjectedObject { Name = "b" } }],
            },
        };
        Assert.Empty(Errors(PodWith(volume)));
    }

    [Fact]
    public void Volume_names_are_labels_and_unique()
    {
        var pod = PodWith(SecretVolume()) with { Volumes = [SecretVolume(), SecretVolume() with { Name = "Bad_Name" }, SecretVolume()] };
        var errors = Errors(pod);
        Assert.Contains("spec.volumes[2].name: Duplicate value: \"v\"", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.volumes[1].name: Invalid value: \"Bad_Name\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Mounts_must_name_a_volume_and_have_unique_paths()
    {
        var errors = Errors(PodWith(
            SecretVolume(),
            new VolumeMount { Name = "v", MountPath = "/a" },
            new VolumeMount { Name = "v", MountPath = "/a" },
            new VolumeMount { Name = "nope", MountPath = "/b" }));
        Assert.Equal(
            ["spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/a\": must be unique", "spec.containers[0].volumeMounts[2].name: Not found: \"nope\""],
            errors);
    }

    [Fact]
    public void Sub_path_must_be_relative_and_exclusive_with_sub_path_expr()
    {
        var errors = Errors(PodWith(SecretVolume(), new VolumeMount { Name = "v", MountPath = "/a", SubPath = "../x", SubPathExpr = "$(X)" }));
        Assert.Equal(
            [
                "spec.containers[0].volumeMounts.subPath: Invalid value: \"../x\": must not contain '..'",
                "spec.containers[0].volumeMounts[0].subPathExpr: Invalid value: \"$(X)\": subPathExpr and subPath are mutually exclusive",
            ],
            errors);
    }

    [Fact]
    public void Env_names_follow_the_chosen_mode()
    {
        var pod = PodWith(SecretVolume()) with { Containers = [new Container { Name = "c", Env = [new EnvVar { Name = "1st" }] }] };
        Assert.Empty(Errors(pod));
        Assert.Equal(
            ["spec.containers[0].env[0].name: Invalid value: \"1st\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"],
            Errors(pod, new PodValidationOptions { EnvVarNames = EnvVarNameMode.Strict }));
    }

    [Fact]
    public void Env_value_from_checks_its_selector_and_exclusivity()
    {
        var env = new EnvVar
        {
            Name = "A",
            Value = "literal",
            ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector("s", string.Empty), ConfigMapKeyRef = new KeySelector("Bad", "k") },
        };
        var errors = Errors(PodWith(SecretVolume()) with { Containers = [new Container { Name = "c", Env = [env] }] });
        Assert.Contains("spec.containers[0].env[0].valueFrom.secretKeyRef.key: Required value", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.containers[0].env[0].valueFrom.configMapKeyRef.name: Invalid value: \"Bad\"", StringComparison.Ordinal));
        Assert.Contains("spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time", errors);
    }

    [Fact]
    public void Env_from_needs_exactly_one_source()
    {
        var pod = PodWith(SecretVolume()) with { Containers = [new Container { Name = "c", EnvFrom = [new EnvFromSource { Prefix = "P_" }] }] };
        Assert.Equal(["spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"], Errors(pod));
    }

    [Fact]
    public void Container_names_are_unique_across_init_regular_and_ephemeral()
    {
        var pod = PodWith(SecretVolume()) with { InitContainers = [new Container { Name = "c" }] };
        Assert.Equal(["spec.containers[0].name: Duplicate value: \"c\""], Errors(pod));
    }
}
