using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.Validation;
using static SecretProjection.Tests.Environment.EnvFixtures;

namespace SecretProjection.Tests.Environment;

/// <summary>
/// Cases ported from kubernetes/kubernetes pkg/kubelet/kubelet_pods_test.go, TestMakeEnvironmentVariables (the
/// upstream case name is in each comment). Service-link variables are not produced here, so the upstream
/// KUBERNETES_* expectations are left out; the order is this library's (first definition, last value).
/// </summary>
public partial class EnvResolverTests
{
    private static readonly EnvResolverOptions Strict = new() { EnvVarNames = EnvVarNameMode.Strict };

    [Fact]
    public void Env_expansion()
    {
        // "env expansion"
        var container = Container(env:
        [
            Literal("TEST_LITERAL", "test-test-test"),
            new EnvVar { Name = "POD_NAME", ValueFrom = new EnvVarSource { FieldPath = "metadata.name" } },
            Literal("OUT_OF_ORDER_TEST", "$(OUT_OF_ORDER_TARGET)"),
            Literal("OUT_OF_ORDER_TARGET", "FOO"),
            new EnvVar { Name = "EMPTY_VAR" },
            Literal("EMPTY_TEST", "foo-$(EMPTY_VAR)"),
            Literal("POD_NAME_TEST2", "test2-$(POD_NAME)"),
            Literal("POD_NAME_TEST3", "$(POD_NAME_TEST2)-3"),
            Literal("LITERAL_TEST", "literal-$(TEST_LITERAL)"),
            Literal("TEST_UNDEFINED", "$(UNDEFINED_VAR)"),
        ]);

        var result = Resolve(container);

        Assert.Equal(
            [
                ("TEST_LITERAL", "test-test-test"), ("POD_NAME", "dapi-test-pod-name"),
                ("OUT_OF_ORDER_TEST", "$(OUT_OF_ORDER_TARGET)"), ("OUT_OF_ORDER_TARGET", "FOO"), ("EMPTY_VAR", ""),
                ("EMPTY_TEST", "foo-"), ("POD_NAME_TEST2", "test2-dapi-test-pod-name"),
                ("POD_NAME_TEST3", "test2-dapi-test-pod-name-3"), ("LITERAL_TEST", "literal-test-test-test"),
                ("TEST_UNDEFINED", "$(UNDEFINED_VAR)"),
            ],
            Pairs(result));
        Assert.Empty(result.Events);
        Assert.True(result.CanStart);
    }

    [Theory]
    [InlineData(false)] // "configmap"
    [InlineData(true)] // "secret"
    public void Configmap_and_secret(bool fromSecret)
    {
        // The same object twice, once prefixed; env overrides and expands against envFrom.
        var origin = fromSecret ? "SECRET" : "CONFIG_MAP";
        var container = Container(
            fromSecret ? [FromSecret("test-object"), FromSecret("test-object", "p_")] : [FromConfigMap("test-object"), FromConfigMap("test-object", "p_")],
            [Literal("TEST_LITERAL", "test-test-test"), Literal("EXPANSION_TEST", "$(REPLACE_ME)"), Literal("DUPE_TEST", "ENV_VAR")]);
        (string, string)[] data = [("REPLACE_ME", "FROM_" + origin), ("DUPE_TEST", origin)];

        var result = Resolve(container, fromSecret ? Secret("test-object", data) : ConfigMap("test-object", data));

        Assert.Equal(
            [
                ("DUPE_TEST", "ENV_VAR"), ("REPLACE_ME", "FROM_" + origin), ("p_DUPE_TEST", origin),
                ("p_REPLACE_ME", "FROM_" + origin), ("TEST_LITERAL", "test-test-test"), ("EXPANSION_TEST", "FROM_" + origin),
            ],
            Pairs(result));
    }

    [Fact]
    public void Configmap_allow_prefix_to_start_with_a_digit_when_relaxed()
    {
        // "configmap allow prefix to start with a digital" (RelaxedEnvironmentVariableValidation on)
        var result = Resolve(Container([FromConfigMap("test-config-map", "1_")]), ConfigMap("test-config-map", ("REPLACE_ME", "FROM_CONFIG_MAP")));

        Assert.Equal([("1_REPLACE_ME", "FROM_CONFIG_MAP")], Pairs(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Configmap_invalid_keys_valid()
    {
        // "configmap_invalid_keys_valid": the prefix makes "1234" valid even under the strict rule.
        var result = Resolve(Container([FromConfigMap("test-config-map", "p_")]), Strict, ConfigMap("test-config-map", ("1234", "abc")));

        Assert.Equal([("p_1234", "abc")], Pairs(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Secret_invalid_keys_valid()
    {
        // "secret_invalid_keys_valid"
        var result = Resolve(Container([FromSecret("test-secret", "p_")]), Strict, Secret("test-secret", ("1234.name", "abc")));

        Assert.Equal([("p_1234.name", "abc")], Pairs(result));
    }

    [Fact]
    public void Configmap_invalid_keys_are_skipped_and_reported_when_strict()
    {
        // "configmap_invalid_keys" (kubelets before relaxed names)
        var result = Resolve(Container([FromConfigMap("test-config-map")]), Strict, ConfigMap("test-config-map", ("1234", "abc"), ("1z", "abc"), ("key", "value")));

        Assert.Equal([("key", "value")], Pairs(result));
        var warning = Assert.Single(result.Events);
        Assert.Equal(
            "Warning InvalidEnvironmentVariableNames Keys [1234, 1z] from the EnvFrom configMap test1/test-config-map were skipped since they are considered invalid environment variable names.",
            $"{warning.Type} {warning.Reason} {warning.Message}");
    }

    [Fact]
    public void Secret_invalid_keys_are_skipped_and_reported_when_strict()
    {
        // "secret_invalid_keys" (kubelets before relaxed names)
        var result = Resolve(Container([FromSecret("test-secret")]), Strict, Secret("test-secret", ("2alsobad", "x"), ("1badkey", "y"), ("key", "value")));

        Assert.Equal([("key", "value")], Pairs(result));
        Assert.Equal(
            "Keys [1badkey, 2alsobad] from the EnvFrom secret test1/test-secret were skipped since they are considered invalid environment variable names.",
            Assert.Single(result.Events).Message);
    }

    [Fact]
    public void Relaxed_names_take_every_key_without_an_event()
    {
        var result = Resolve(Container([FromSecret("test-secret")]), Secret("test-secret", ("1badkey", "y"), ("key", "value")));

        Assert.Equal([("1badkey", "y"), ("key", "value")], Pairs(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Configmap_missing()
    {
        // "configmap_missing"
        var result = Resolve(Container([FromConfigMap("test-config-map")]));

        Assert.False(result.CanStart);
        Assert.Empty(result.Env);
        Assert.Equal(new ContainerStartError(EnvErrorKind.ConfigMapNotFound, "configmap \"test-config-map\" not found", "spec.containers[0].envFrom[0].configMapRef"), result.Error);
        Assert.Equal("CreateContainerConfigError", result.Error!.Reason);
        Assert.Equal(new PodEvent("Warning", "Failed", "Error: configmap \"test-config-map\" not found"), Assert.Single(result.Events));
    }

    [Fact]
    public void Secret_missing()
    {
        // "secret_missing"
        var result = Resolve(Container([FromSecret("test-secret")]));

        Assert.Equal(new ContainerStartError(EnvErrorKind.SecretNotFound, "secret \"test-secret\" not found", "spec.containers[0].envFrom[0].secretRef"), result.Error);
        Assert.False(result.Error!.IsLookupFailure);
    }

    [Fact]
    public void Configmap_missing_optional()
    {
        // "configmap_missing_optional"
        var result = Resolve(Container([FromConfigMap("missing-config-map", optional: true)]));

        Assert.True(result.CanStart);
        Assert.Empty(result.Env);
        Assert.Equal(new PodEvent("Warning", "OptionalConfigMapNotFound", "configmap \"missing-config-map\" not found"), Assert.Single(result.Events));
    }

    [Fact]
    public void Secret_missing_optional()
    {
        // "secret_missing_optional"
        var result = Resolve(Container([FromSecret("missing-secret", optional: true)]));

        Assert.True(result.CanStart);
        Assert.Equal(new PodEvent("Warning", "OptionalSecretNotFound", "secret \"missing-secret\" not found"), Assert.Single(result.Events));
    }

    [Theory]
    [InlineData(true, false, "OptionalSecretNotFound", "skipping optional envvar \"POD_NAME\": secret \"test-object\" not found")] // "secretkeyref_missing_optional"
    [InlineData(true, true, "OptionalSecretKeyNotFound", "skipping optional envvar \"POD_NAME\": key \"key\" does not exist in secret \"test-object\"")] // "secretkeyref_missing_key_optional"
    [InlineData(false, false, "OptionalConfigMapNotFound", "skipping optional envvar \"POD_NAME\": configmap \"test-object\" not found")] // "configmapkeyref_missing_optional"
    [InlineData(false, true, "OptionalConfigMapKeyNotFound", "skipping optional envvar \"POD_NAME\": key \"key\" does not exist in configmap \"test-object\"")] // "configmapkeyref_missing_key_optional"
    public void Keyref_missing_optional(bool fromSecret, bool objectExists, string reason, string message)
    {
        var variable = fromSecret ? SecretKey("POD_NAME", "test-object", "key", optional: true) : ConfigMapKey("POD_NAME", "test-object", "key", optional: true);
        object[] objects = !objectExists ? [] : fromSecret ? [Secret("test-object", ("a", "b"))] : [ConfigMap("test-object", ("a", "b"))];

        var result = Resolve(Container(env: [variable]), objects);

        Assert.True(result.CanStart);
        Assert.Empty(result.Env);
        Assert.Equal(new PodEvent("Warning", reason, message), Assert.Single(result.Events));
    }

    [Fact]
    public void A_missing_mandatory_key_stops_the_container_with_the_kubelet_message()
    {
        var result = Resolve(Container(env: [Literal("A", "1"), SecretKey("DB_PASSWORD", "mysecret", "password")]), Secret("mysecret", ("user", "u")));

        Assert.Equal(
            new ContainerStartError(EnvErrorKind.SecretKeyNotFound, "couldn't find key password in Secret test1/mysecret", "spec.containers[0].env[1].valueFrom.secretKeyRef"),
            result.Error);
        Assert.Empty(result.Env);
    }

    [Fact]
    public void A_missing_mandatory_configmap_key_stops_the_container()
    {
        var result = Resolve(Container(env: [ConfigMapKey("LEVEL", "cfg", "level")]), ConfigMap("cfg"));

        Assert.Equal("couldn't find key level in ConfigMap test1/cfg", result.Error?.Message);
        Assert.Equal(EnvErrorKind.ConfigMapKeyNotFound, result.Error?.Kind);
    }

    [Fact]
    public void A_missing_mandatory_secret_of_a_key_reference_stops_the_container()
    {
        var result = Resolve(Container(env: [SecretKey("P", "gone", "k")]));

        Assert.Equal(new ContainerStartError(EnvErrorKind.SecretNotFound, "secret \"gone\" not found", "spec.containers[0].env[0].valueFrom.secretKeyRef"), result.Error);
    }

    [Fact]
    public void A_failed_lookup_is_not_a_not_found_and_stops_even_an_optional_reference()
    {
        var pod = PodWith(Container([FromSecret("s", optional: true)], [SecretKey("K", "s", "k", optional: true)]));

        var fromEnvFrom = EnvResolver.Resolve(pod, pod.Containers[0], new FailingLookup());
        var keyRefPod = PodWith(Container(env: [ConfigMapKey("K", "cm", "k", optional: true)]));
        var fromKeyRef = EnvResolver.Resolve(keyRefPod, keyRefPod.Containers[0], new FailingLookup());

        Assert.Equal(new ContainerStartError(EnvErrorKind.SecretLookupFailed, "failed to fetch secret \"s\": connection refused", "spec.containers[0].envFrom[0].secretRef"), fromEnvFrom.Error);
        Assert.True(fromEnvFrom.Error!.IsLookupFailure);
        Assert.Equal(new ContainerStartError(EnvErrorKind.ConfigMapLookupFailed, "failed to read configmap \"cm\": connection refused", "spec.containers[0].env[0].valueFrom.configMapKeyRef"), fromKeyRef.Error);
    }

    [Fact]
    public void Later_envFrom_sources_overwrite_earlier_ones_in_place()
    {
        var result = Resolve(
            Container([FromSecret("a"), FromConfigMap("b")], [Literal("Y", "env")]),
            Secret("a", ("X", "from-a"), ("Y", "from-a")),
            ConfigMap("b", ("X", "from-b"), ("Z", "from-b")));

        Assert.Equal([("X", "from-b"), ("Y", "env"), ("Z", "from-b")], Pairs(result));
    }

    [Fact]
    public void Values_from_secrets_are_not_expanded()
    {
        var result = Resolve(Container([FromSecret("s")], [Literal("A", "a"), SecretKey("B", "s", "ref")]), Secret("s", ("ref", "$(A)")));

        Assert.Equal("$(A)", result.Env.Single(v => v.Name == "B").Value);
    }

    [Fact]
    public void Invalid_utf8_becomes_the_replacement_character_per_invalid_sequence()
    {
        var secret = new Secret
        {
            Name = "bin",
            Namespace = Namespace,
            Data = DataMap.Create([KeyValuePair.Create("k", new byte[] { (byte)'a', 0xFF, (byte)'b', 0xC3, 0x28, 0xE2, 0x82 })]),
        };

        var result = Resolve(Container(env: [SecretKey("V", "bin", "k")]), secret);

        Assert.Equal("a\uFFFDb\uFFFD(\uFFFD", result.Env.Single().Value);
    }

    [Fact]
    public void Field_refs_of_the_pod_are_resolved_and_node_ones_are_reported()
    {
        var pod = PodWith(Container(env:
        [
            new EnvVar { Name = "NS", ValueFrom = new EnvVarSource { FieldPath = "metadata.namespace" } },
            new EnvVar { Name = "UID", ValueFrom = new EnvVarSource { FieldPath = "metadata.uid" } },
            new EnvVar { Name = "SA", ValueFrom = new EnvVarSource { FieldPath = "spec.serviceAccountName" } },
            new EnvVar { Name = "IP", ValueFrom = new EnvVarSource { FieldPath = "status.podIP" } },
            new EnvVar { Name = "CPU", ValueFrom = new EnvVarSource { UnsupportedKind = "resourceFieldRef" } },
            Literal("URL", "http://$(IP)/"),
        ])) with { Uid = "1234-5678", ServiceAccountName = "special" };

        var result = EnvResolver.Resolve(pod, pod.Containers[0], Objects());

        // podFieldSelectorRuntimeValue gives an empty status.podIP when the pod has no address.
        Assert.Equal([("NS", "test1"), ("UID", "1234-5678"), ("SA", "special"), ("IP", string.Empty), ("URL", "http:///")], Pairs(result));
        Assert.Equal(["skipping envvar \"CPU\": resourceFieldRef is only known on a node"], result.Events.Select(e => e.Message));
        Assert.All(result.Events, e => Assert.Equal(EnvEventReasons.UnresolvedEnvironmentSource, e.Reason));
    }

    [Fact]
    public void Each_kind_of_container_is_resolved_independently_with_its_own_field_paths()
    {
        var pod = new Pod
        {
            Name = "p",
            Namespace = Namespace,
            InitContainers = [Container(env: [SecretKey("A", "missing", "k")]) with { Name = "init" }],
            Containers = [Container(env: [Literal("B", "b")]) with { Name = "app" }],
            EphemeralContainers = [Container(env: [ConfigMapKey("C", "missing", "k")]) with { Name = "debug" }],
        };

        var results = EnvResolver.ResolvePod(pod, Objects());

        Assert.Equal(["init", "app", "debug"], results.Select(r => r.ContainerName));
        Assert.Equal([true, false, false], results.Select(r => r.IsInit));
        Assert.Equal("spec.initContainers[0].env[0].valueFrom.secretKeyRef", results[0].Error?.Field);
        Assert.True(results[1].CanStart);
        Assert.Equal("spec.ephemeralContainers[0].env[0].valueFrom.configMapKeyRef", results[2].Error?.Field);
        Assert.Equal(ContainerKind.Ephemeral, EnvResolver.Resolve(pod, pod.EphemeralContainers[0] with { }, Objects()).Kind);
    }

    [Fact]
    public void A_lookup_that_resolves_another_pod_does_not_disturb_the_resolution_under_way()
    {
        var inner = PodWith(Container(env: [Literal("INNER", "i")]));
        var lookup = new ReentrantLookup(() => EnvResolver.Resolve(inner, inner.Containers[0], Objects()), Objects(Secret("s", ("k", "v"))));
        var pod = PodWith(Container(env: [Literal("A", "a"), SecretKey("B", "s", "k"), Literal("C", "$(A)$(B)")]));

        var result = EnvResolver.Resolve(pod, pod.Containers[0], lookup);

        Assert.Equal([("A", "a"), ("B", "v"), ("C", "av")], Pairs(result));
        Assert.Equal([("INNER", "i")], Pairs(lookup.InnerResult!));
    }

    [Fact]
    public void A_container_outside_the_pod_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => EnvResolver.Resolve(PodWith(Container()), Container() with { Name = "other" }, Objects()));
    }

    [Fact]
    public void Descriptions_never_show_values()
    {
        var result = Resolve(Container(env: [SecretKey("P", "s", "k")]), Secret("s", ("k", "hunter2")));

        Assert.DoesNotContain("hunter2", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Env[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("P (7 chars)", result.Env[0].ToString());
    }

    private static ContainerEnvironment Resolve(Container container, params object[] objects) => Resolve(container, EnvResolverOptions.Default, objects);

    private static ContainerEnvironment Resolve(Container container, EnvResolverOptions options, params object[] objects)
    {
        var pod = PodWith(container);
        return EnvResolver.Resolve(pod, container, Objects(objects), options);
    }
}
