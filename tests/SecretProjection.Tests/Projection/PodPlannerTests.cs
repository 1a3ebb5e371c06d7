using System.Text;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Sources;
using static SecretProjection.Tests.Projection.ProjectionFixtures;

namespace SecretProjection.Tests.Projection;

public partial class PodPlannerTests
{
    private const int Mode0400 = 0x100;
    private const int Mode0644 = 0x1A4;
    private const int Mode0777 = 0x1FF;

    // The table shared by secret_test.go TestMakePayload, configmap_test.go TestMakePayload and
    // projected_test.go TestCollectDataWithSecret / TestCollectDataWithConfigMap: the object holds
    // foo=foo and bar=bar, the volume's defaultMode is 0644, caseMappingMode is 0400.
    public static TheoryData<string> UpstreamCases =>
    [
        "no overrides", "basic 1", "subdirs", "subdirs 2", "subdirs 3", "non existent key", "mapping with Mode",
        "mapping with defaultMode", "optional non existent key",
    ];

    [Theory]
    [MemberData(nameof(UpstreamCases))]
    public void Secret_volume_payload_matches_upstream_TestMakePayload(string name)
    {
        var (items, optional, expected) = UpstreamCase(name);
        var pod = Pod(SecretVolume(new SecretVolumeSource { SecretName = "s", Items = items, DefaultMode = Mode0644, Optional = optional }));

        AssertUpstreamOutcome(PlanOne(pod, Secret("s", ("foo", "foo"), ("bar", "bar"))), expected, "references non-existent secret key: zab");
    }

    [Theory]
    [MemberData(nameof(UpstreamCases))]
    public void ConfigMap_volume_payload_matches_upstream_configmap_TestMakePayload(string name)
    {
        var (items, optional, expected) = UpstreamCase(name);
        var pod = Pod(new Volume { Name = "vol", ConfigMap = new ConfigMapVolumeSource { Name = "c", Items = items, DefaultMode = Mode0644, Optional = optional } });

        AssertUpstreamOutcome(PlanOne(pod, ConfigMap("c", ("foo", "foo"), ("bar", "bar"))), expected, "configmap references non-existent config key: zab");
    }

    [Theory]
    [MemberData(nameof(UpstreamCases))]
    public void Projected_secret_source_matches_upstream_TestCollectDataWithSecret(string name)
    {
        var (items, optional, expected) = UpstreamCase(name);
        var source = new VolumeProjection { Secret = new ProjectedObject { Name = "s", Items = items, Optional = optional } };
        var pod = Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = [source], DefaultMode = Mode0644 }));

        AssertUpstreamOutcome(PlanOne(pod, Secret("s", ("foo", "foo"), ("bar", "bar"))), expected, "references non-existent secret key: zab");
    }

    [Theory]
    [MemberData(nameof(UpstreamCases))]
    public void Projected_configMap_source_matches_upstream_TestCollectDataWithConfigMap(string name)
    {
        var (items, optional, expected) = UpstreamCase(name);
        var source = new VolumeProjection { ConfigMap = new ProjectedObject { Name = "c", Items = items, Optional = optional } };
        var pod = Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = [source], DefaultMode = Mode0644 }));

        AssertUpstreamOutcome(PlanOne(pod, ConfigMap("c", ("foo", "foo"), ("bar", "bar"))), expected, "configmap references non-existent config key: zab");
    }

    [Fact]
    public void Missing_secret_fails_the_volume_with_the_kubelets_message_and_no_files()
    {
        var plan = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "missing" })));

        var error = Assert.Single(plan.Errors);
        Assert.Equal(new PlanError(PlanError.FailedMountReason, "secret \"missing\" not found", "spec.volumes[0].secret.secretName"), error);
        Assert.Empty(plan.Files);
        Assert.Throws<InvalidOperationException>(plan.ToPayload);
    }

    // Hostile-host review, finding 7: the API server never hands a kubelet an object it would reject, so a volume
    // that reads one is not set up: nothing is written, and the object's field errors say why.
    [Theory]
    [InlineData("a/b", "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'")]
    [InlineData("c\nd", "data[c\nd]: Invalid value: ")]
    public void A_secret_the_API_server_would_reject_fails_the_volume_with_its_field_errors(string key, string expected)
    {
        var plan = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s" })), Secret("s", (key, "v"), ("fine", "v")));

        var error = Assert.Single(plan.Errors);
        Assert.Equal(PlanError.InvalidReason, error.Reason);
        Assert.Equal("spec.volumes[0].secret.secretName", error.Field);
        Assert.StartsWith("secret \"s\" is invalid: " + expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void A_secret_over_1_MiB_or_an_invalid_configMap_fails_the_volume_even_when_optional()
    {
        var big = Secret("big", ("a", new string('x', 1 << 20)), ("b", "y"));
        var configMap = ConfigMap("c", ("bad key", "v"));
        var pod = Pod(ProjectedVolume(new ProjectedVolumeSource
        {
            Sources = [new VolumeProjection { Secret = new ProjectedObject { Name = "big", Optional = true } }, new VolumeProjection { ConfigMap = new ProjectedObject { Name = "c" } }],
        }));

        var plan = PlanOne(pod, big, configMap);

        Assert.Equal(
            ["secret \"big\" is invalid: data: Too long: must have at most 1048576 bytes", "configmap \"c\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
            plan.Errors.Select(e => e.Message));
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void Missing_optional_secret_gives_an_empty_volume_as_in_upstream_TestPluginOptional()
    {
        var plan = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "missing", Optional = true })));

        Assert.True(plan.Succeeded);
        Assert.Empty(plan.Files);
        Assert.Contains(plan.Notes, n => n.Contains("optional", StringComparison.Ordinal));
        Assert.False(plan.NeverChanges);
    }

    [Fact]
    public void Optional_secret_skips_missing_listed_keys_as_in_upstream_TestPluginOptionalKeys()
    {
        var secret = Secret("s", ("data-1", "value-1"), ("data-2", "value-2"), ("data-3", "value-3"));
        var items = new[] { Item("data-1", "data-1"), Item("data-2", "data-2"), Item("data-3", "data-3"), Item("missing", "missing") };

        var plan = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s", Items = items, Optional = true })), secret);

        Assert.Equal(["data-1", "data-2", "data-3"], plan.Files.Select(f => f.Path));
    }

    [Fact]
    public void A_failed_lookup_fails_the_volume_even_when_optional()
    {
        var pod = Pod(SecretVolume(new SecretVolumeSource { SecretName = "s", Optional = true }));

        var plan = PodPlanner.Plan(pod, new FailingLookup()).Volumes.Single();

        Assert.Equal("forbidden", Assert.Single(plan.Errors).Message);
    }

    [Fact]
    public void Modes_default_to_0644_and_follow_defaultMode_then_item_mode()
    {
        var secret = Secret("s", ("a", "1"), ("b", "2"));
        Assert.Equal(["a=1@0644", "b=2@0644"], Describe(PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s" })), secret)));

        // The seed: defaultMode: 256 is 0400, mode: 511 is 0777.
        var source = new SecretVolumeSource { SecretName = "s", DefaultMode = 256, Items = [Item("a", "a"), Item("b", "b", mode: 511)] };
        Assert.Equal(["a=1@0400", "b=2@0777"], Describe(PlanOne(Pod(SecretVolume(source)), secret)));
    }

    [Fact]
    public void ConfigMap_binaryData_is_projected_beside_data()
    {
        var configMap = ConfigMap("c", ("text", "hello")) with { BinaryData = DataMap.Create([KeyValuePair.Create("blob", new byte[] { 0, 1, 2 })]) };

        var all = PlanOne(Pod(new Volume { Name = "vol", ConfigMap = new ConfigMapVolumeSource { Name = "c" } }), configMap);
        var listed = PlanOne(Pod(new Volume { Name = "vol", ConfigMap = new ConfigMapVolumeSource { Name = "c", Items = [Item("blob", "bin/blob")] } }), configMap);

        Assert.Equal(["blob", "text"], all.Files.Select(f => f.Path));
        Assert.Equal(new byte[] { 0, 1, 2 }, Assert.Single(listed.Files).Data.ToArray());
    }

    [Fact]
    public void A_configMap_key_in_data_and_binaryData_is_refused_as_the_API_server_refuses_it()
    {
        // MakePayload's order would decide (binary without items, text with them), but the API server never hands a
        // kubelet such an object: the volume fails with its field error instead.
        var configMap = ConfigMap("c", ("k", "text")) with { BinaryData = DataMap.Create([KeyValuePair.Create("k", "binary"u8.ToArray())]) };

        var plan = PlanOne(Pod(new Volume { Name = "vol", ConfigMap = new ConfigMapVolumeSource { Name = "c" } }), configMap);

        var error = Assert.Single(plan.Errors);
        Assert.Equal(PlanError.InvalidReason, error.Reason);
        Assert.StartsWith("configmap \"c\" is invalid: data[k]: Invalid value: \"k\": duplicate of key present in binaryData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_configMap_fails_with_the_kubelets_message()
    {
        var plan = PlanOne(Pod(new Volume { Name = "vol", ConfigMap = new ConfigMapVolumeSource { Name = "c" } }));

        Assert.Equal("configmap \"c\" not found", plan.ErrorMessage);
        Assert.Equal("spec.volumes[0].configMap.name", plan.Errors[0].Field);
    }

    [Fact]
    public void Projected_sources_without_items_writing_one_name_leave_the_later_source_and_a_note()
    {
        var sources = new[]
        {
            new VolumeProjection { Secret = new ProjectedObject { Name = "first" } },
            new VolumeProjection { ConfigMap = new ProjectedObject { Name = "second" } },
        };
        var pod = Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = sources }));

        var plan = PlanOne(pod, Secret("first", ("shared", "from secret"), ("only-secret", "x")), ConfigMap("second", ("shared", "from configmap")));

        Assert.Equal(["only-secret=x@0644", "shared=from configmap@0644"], Describe(plan));
        Assert.Equal(new FileSource(ObjectKind.ConfigMap, "second", "shared"), plan.Files[1].Source);
        Assert.Contains(plan.Notes, n => n.Contains("second/shared replaces first/shared", StringComparison.Ordinal));
    }

    [Fact]
    public void Projected_duplicate_explicit_item_paths_are_rejected_as_the_API_server_does()
    {
        var sources = new[]
        {
            new VolumeProjection { Secret = new ProjectedObject { Name = "a", Items = [Item("k", "same")] } },
            new VolumeProjection { Secret = new ProjectedObject { Name = "b", Items = [Item("k", "same")] } },
        };

        var plan = PlanOne(Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = sources })), Secret("a", ("k", "1")), Secret("b", ("k", "2")));

        var error = Assert.Single(plan.Errors);
        Assert.Equal(PlanError.InvalidReason, error.Reason);
        Assert.Equal("spec.volumes[0].projected", error.Field);
        Assert.Contains("conflicting duplicate paths", error.Message, StringComparison.Ordinal);
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void A_projected_volume_reports_every_failing_source_as_one_aggregate()
    {
        var sources = new[]
        {
            new VolumeProjection { Secret = new ProjectedObject { Name = "a" } },
            new VolumeProjection { ConfigMap = new ProjectedObject { Name = "b" } },
            new VolumeProjection { Secret = new ProjectedObject { Name = "present" } },
        };

        var plan = PlanOne(Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = sources })), Secret("present", ("k", "v")));

        Assert.Equal("[secret \"a\" not found, configmap \"b\" not found]", plan.ErrorMessage);
        Assert.Equal(["spec.volumes[0].projected.sources[0].secret.name", "spec.volumes[0].projected.sources[1].configMap.name"], plan.Errors.Select(e => e.Field));
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void Duplicate_items_of_a_secret_volume_are_not_rejected_upstream_and_the_later_wins()
    {
        var source = new SecretVolumeSource { SecretName = "s", Items = [Item("a", "same"), Item("b", "same")] };

        var plan = PlanOne(Pod(SecretVolume(source)), Secret("s", ("a", "1"), ("b", "2")));

        Assert.Equal(["same=2@0644"], Describe(plan));
        Assert.Single(plan.Notes, n => n.Contains("the later one wins", StringComparison.Ordinal));
    }

    [Fact]
    public void Item_paths_are_cleaned_as_the_writer_cleans_them()
    {
        var source = new SecretVolumeSource { SecretName = "s", Items = [Item("a", "dir//sub/./file")] };

        Assert.Equal(["dir/sub/file=1@0644"], Describe(PlanOne(Pod(SecretVolume(source)), Secret("s", ("a", "1")))));
    }

    [Fact]
    public void FsGroup_turns_0400_into_0440_in_the_plan_with_a_warning_and_the_payload_carries_modes_and_group()
    {
        // kubernetes/kubernetes#57923: SetVolumeOwnership ORs 0440 into every file of a read-only volume.
        var pod = Pod(new PodSecurityContext { FsGroup = 2000 }, [], SecretVolume(new SecretVolumeSource { SecretName = "s", DefaultMode = Mode0400, Items = [Item("a", "a"), Item("b", "b", Mode0644), Item("c", "c", 0)] }));

        var plan = PlanOne(pod, Secret("s", ("a", "1"), ("b", "2"), ("c", "3")));

        Assert.Equal(["0440", "0644", "0440"], plan.Files.Select(f => OctalMode.Format(f.EffectiveMode)));
        Assert.Equal(["0400", "0644", "0000"], plan.Files.Select(f => OctalMode.Format(f.Mode)));
        Assert.All(plan.Files, f => Assert.Equal(2000, f.Group));
        Assert.Contains("kubernetes/kubernetes#57923", Assert.Single(plan.Files[0].Warnings), StringComparison.Ordinal);
        Assert.Empty(plan.Files[1].Warnings);
        Assert.Contains(plan.Notes, n => n.StartsWith("fsGroup 2000", StringComparison.Ordinal));

        // The writer needs nothing else from the pod: each file's exact mode and group, and the volume's group.
        var payload = plan.ToPayload();
        Assert.Equal([0x120, 0x1A4, 0x120], payload.Values.Select(f => f.Mode));
        Assert.All(payload.Values, f => Assert.Equal(2000, f.Group));
        Assert.Equal(2000, payload.FsGroup);
        Assert.Equal(2000, plan.FsGroup);
    }

    [Fact]
    public void A_0400_file_owned_by_root_is_unreadable_for_a_non_root_user_without_fsGroup()
    {
        var volume = SecretVolume(new SecretVolumeSource { SecretName = "s", DefaultMode = Mode0400 });
        var secret = Secret("s", ("a", "1"));

        var withoutGroup = PlanOne(Pod(new PodSecurityContext { RunAsUser = 1000 }, [], volume), secret);
        var withGroup = PlanOne(Pod(new PodSecurityContext { RunAsUser = 1000, FsGroup = 2000 }, [], volume), secret);
        var asOwner = PlanOne(Pod(new PodSecurityContext { RunAsUser = 1000 }, [], SecretVolume(new SecretVolumeSource { SecretName = "s", DefaultMode = Mode0400, DefaultUser = 1000 })), secret);

        Assert.Equal("not readable by runAsUser 1000: owner 0, group 0, mode 0400", Assert.Single(withoutGroup.Files[0].Warnings));
        Assert.DoesNotContain(withGroup.Files[0].Warnings, w => w.StartsWith("not readable", StringComparison.Ordinal));
        Assert.Empty(asOwner.Files[0].Warnings);
    }

    [Fact]
    public void DefaultUser_and_item_user_give_per_file_owners_that_reach_the_payload()
    {
        var source = new SecretVolumeSource { SecretName = "s", DefaultUser = 1000, Items = [Item("a", "a"), Item("b", "b", user: 1001)] };
        var pod = Pod(SecretVolume(source));
        var lookup = new ObjectSnapshot([Secret("s", ("a", "1"), ("b", "2"))]);

        var plan = PodPlanner.Plan(pod, lookup).Volumes.Single();
        var withoutGate = PodPlanner.Plan(pod, lookup, new PlanningOptions { UserFields = false }).Volumes.Single();

        Assert.Equal([1000L, 1001L], plan.Files.Select(f => f.User));
        Assert.Equal(1001L, plan.ToPayload()["b"].User);
        Assert.All(withoutGate.Files, f => Assert.Null(f.User));
    }

    [Fact]
    public void A_volume_whose_sources_are_all_immutable_never_changes()
    {
        var immutable = Secret("s", ("a", "1")) with { Immutable = true };
        var volume = SecretVolume(new SecretVolumeSource { SecretName = "s" });

        Assert.True(PlanOne(Pod(volume), immutable).NeverChanges);
        Assert.False(PlanOne(Pod(volume), immutable with { Immutable = false }).NeverChanges);

        var sources = new[]
        {
            new VolumeProjection { Secret = new ProjectedObject { Name = "s" } },
            new VolumeProjection { ConfigMap = new ProjectedObject { Name = "c" } },
        };
        var projected = Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = sources }));
        Assert.False(PlanOne(projected, immutable, ConfigMap("c", ("b", "2"))).NeverChanges);
        Assert.True(PlanOne(projected, immutable, ConfigMap("c", ("b", "2")) with { Immutable = true }).NeverChanges);
    }

    [Fact]
    public void Unknown_projected_sources_fail_the_volume_naming_the_source()
    {
        var sources = new[] { new VolumeProjection { Secret = new ProjectedObject { Name = "s" } }, new VolumeProjection { UnsupportedKind = "podCertificate" } };

        var plan = PlanOne(Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = sources })), Secret("s", ("a", "1")));

        Assert.False(plan.Succeeded);
        Assert.Empty(plan.Files);
        var error = Assert.Single(plan.Errors);
        Assert.Equal("projected source podCertificate is not supported: the volume would be written without it", error.Message);
        Assert.Equal("spec.volumes[0].projected.sources[1]", error.Field);
    }

    [Fact]
    public void Volumes_of_other_kinds_are_not_planned()
    {
        var pod = Pod(new Volume { Name = "scratch", OtherKind = "emptyDir" }, SecretVolume(new SecretVolumeSource { SecretName = "s" }, "secret"));

        Assert.Equal(["secret"], Plan(pod, Secret("s")).Volumes.Select(v => v.Name));
    }

    [Fact]
    public void Spec_errors_fail_only_the_volume_they_belong_to()
    {
        var volumes = Enumerable.Range(0, 11)
            .Select(i => SecretVolume(new SecretVolumeSource { SecretName = "s", Items = i == 10 ? [Item("a", "/abs")] : [] }, "v" + i))
            .ToArray();
        var pod = Pod(volumes) with { Containers = [new Container { Name = "Not_A_Label" }] };

        var plan = Plan(pod, Secret("s", ("a", "1")));

        Assert.Equal(["v10"], plan.Volumes.Where(v => !v.Succeeded).Select(v => v.Name));
        Assert.Equal("spec.volumes[10].secret.items[0].path", plan.Volumes[10].Errors[0].Field);
    }

    [Theory]
    [InlineData("/abs", "spec.volumes[0].secret.items[0].path", "Invalid value: \"/abs\": must be a relative path")]
    [InlineData("../x", "spec.volumes[0].secret.items[0].path", "Invalid value: \"../x\": must not contain '..'")]
    [InlineData("..x/y", "spec.volumes[0].secret.items[0].path", "Invalid value: \"..x/y\": must not start with '..'")]
    [InlineData("", "spec.volumes[0].secret.items[0].path", "Required value")]
    public void Bad_item_paths_fail_the_volume_with_the_API_servers_field_error(string path, string field, string message)
    {
        var plan = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s", Items = [Item("a", path)] })), Secret("s", ("a", "1")));

        Assert.Contains(new PlanError(PlanError.InvalidReason, message, field), plan.Errors);
        Assert.Empty(plan.Files);
    }

    [Theory]
    [InlineData(-1, null, "spec.volumes[0].secret.defaultMode")]
    [InlineData(0x200, null, "spec.volumes[0].secret.defaultMode")]
    [InlineData(null, -1, "spec.volumes[0].secret.items[0].mode")]
    [InlineData(null, 0x200, "spec.volumes[0].secret.items[0].mode")]
    public void Modes_out_of_range_fail_the_volume_with_the_field_path(int? defaultMode, int? itemMode, string field)
    {
        var source = new SecretVolumeSource { SecretName = "s", DefaultMode = defaultMode, Items = [Item("a", "a", itemMode)] };

        var error = Assert.Single(PlanOne(Pod(SecretVolume(source)), Secret("s", ("a", "1"))).Errors);

        Assert.Equal(field, error.Field);
        Assert.EndsWith("must be a number between 0 and 0777 (octal), both inclusive", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4097, "invalid path: must be less than or equal to 4096 characters")]
    [InlineData(256, "invalid path: filenames must be less than or equal to 255 characters")]
    public void Paths_the_API_server_accepts_but_the_writer_refuses_fail_the_mount(int length, string message)
    {
        var source = new SecretVolumeSource { SecretName = "s", Items = [Item("a", "ok"), Item("b", new string('a', length))] };

        var plan = PlanOne(Pod(SecretVolume(source)), Secret("s", ("a", "1"), ("b", "2")));

        Assert.Equal(new PlanError(PlanError.FailedMountReason, message, "spec.volumes[0].secret.items[1].path"), Assert.Single(plan.Errors));
        Assert.Empty(plan.Files);
    }

    // Found by PipelineFuzzTests: the plan listed files that the writer then refused. Upstream writes "p", then
    // fails at mkdir of "p/"; this writer refuses such a payload before it touches the volume.
    [Fact]
    public void A_path_that_is_both_a_file_and_a_directory_fails_the_mount_as_the_writer_refuses_it()
    {
        var source = new SecretVolumeSource { SecretName = "s", Items = [Item("a", "p"), Item("b", "p//q")] };

        var plan = PlanOne(Pod(SecretVolume(source)), Secret("s", ("a", "1"), ("b", "2")));

        Assert.Equal(new PlanError(PlanError.FailedMountReason, "invalid path: p is both a file and a directory", "spec.volumes[0].secret.items[1].path"), Assert.Single(plan.Errors));
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void A_key_the_writer_would_refuse_fails_the_volume_with_the_API_servers_field_error_naming_the_object()
    {
        var plan = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s" })), Secret("s", ("..sneaky", "1")));

        Assert.Equal(
            new PlanError(PlanError.InvalidReason, "secret \"s\" is invalid: data[..sneaky]: Invalid value: \"..sneaky\": must not start with '..'", "spec.volumes[0].secret.secretName"),
            Assert.Single(plan.Errors));
    }

    [Fact]
    public void Plans_show_sizes_and_never_bytes()
    {
        var plan = PlanOne(Pod(SecretVolume(new SecretVolumeSource { SecretName = "s" })), Secret("s", ("password", "hunter2")));

        var text = string.Join("\n", plan.Files.Select(f => f.ToString()).Append(plan.ToString()).Append(plan.ToPayload().ToString()));

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("password (7 B, mode 0644, from s/password)", text, StringComparison.Ordinal);
    }

    private static (KeyToPath[] Items, bool Optional, string[]? Payload) UpstreamCase(string name) => name switch
    {
        "no overrides" => ([], false, ["bar=bar@0644", "foo=foo@0644"]),
        "basic 1" => ([Item("foo", "path/to/foo.txt")], false, ["path/to/foo.txt=foo@0644"]),
        "subdirs" or "subdirs 2" => ([Item("foo", "path/to/1/2/3/foo.txt")], false, ["path/to/1/2/3/foo.txt=foo@0644"]),
        "subdirs 3" => ([Item("foo", "path/to/1/2/3/foo.txt"), Item("bar", "another/path/to/the/esteemed/bar.bin")], false,
            ["another/path/to/the/esteemed/bar.bin=bar@0644", "path/to/1/2/3/foo.txt=foo@0644"]),
        "non existent key" => ([Item("zab", "path/to/foo.txt")], false, null),
        "mapping with Mode" => ([Item("foo", "foo.txt", Mode0400), Item("bar", "bar.bin", Mode0400)], false, ["bar.bin=bar@0400", "foo.txt=foo@0400"]),
        "mapping with defaultMode" => ([Item("foo", "foo.txt"), Item("bar", "bar.bin")], false, ["bar.bin=bar@0644", "foo.txt=foo@0644"]),
        "optional non existent key" => ([Item("zab", "path/to/foo.txt")], true, []),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    private static void AssertUpstreamOutcome(VolumePlan plan, string[]? expected, string missingKeyMessage)
    {
        if (expected is null)
        {
            Assert.Equal(missingKeyMessage, plan.ErrorMessage);
            Assert.EndsWith(".items[0].key", plan.Errors[0].Field, StringComparison.Ordinal);
            Assert.Empty(plan.Files);
        }
        else
        {
            Assert.True(plan.Succeeded, plan.ErrorMessage);
            Assert.Equal(expected, Describe(plan));
        }
    }

    private sealed class FailingLookup : IObjectLookup
    {
        public LookupResult<Secret> GetSecret(string @namespace, string name) => LookupResult<Secret>.Failed("forbidden");

        public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) => LookupResult<ConfigMap>.Failed("forbidden");
    }
}
