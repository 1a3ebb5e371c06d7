using System.Text.Json;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>The <c>env</c> verb run as a process on the bundled samples.</summary>
public class EnvCommandTests
{
    private const string Pod = "samples/manifests/pod.yaml";
    private const string Secrets = "samples/manifests/app-secrets.yaml";

    [Fact]
    public void Json_follows_the_contract_and_hides_values()
    {
        var run = ToolProcess.Run("env", "-f", Pod, "-f", Secrets, "-o", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("shop/web", root.GetProperty("pod").GetString());
        var containers = root.GetProperty("containers").EnumerateArray().ToArray();
        Assert.Equal(["migrate", "app"], containers.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([true, false], containers.Select(c => c.GetProperty("init").GetBoolean()));
        Assert.All(containers, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("error").ValueKind));

        var app = containers[1].GetProperty("env").EnumerateArray().ToArray();
        Assert.Equal(
            ["DB_HOST", "LOG_LEVEL", "KEYS_.hidden-file", "KEYS_1badkey", "KEYS_API_TOKEN", "DB_USER", "DB_URL", "ESCAPED"],
            app.Select(v => v.GetProperty("name").GetString()));
        var password = containers[0].GetProperty("env").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "DB_PASSWORD");
        Assert.True(password.GetProperty("redacted").GetBoolean());
        Assert.Equal("s3cr3t-v1".Length, password.GetProperty("length").GetInt32());
        Assert.False(password.TryGetProperty("value", out _));
        Assert.DoesNotContain("s3cr3t", run.Stdout, StringComparison.Ordinal);

        var e = Assert.Single(root.GetProperty("events").EnumerateArray());
        Assert.Equal("OptionalSecretNotFound", e.GetProperty("reason").GetString());
        Assert.Equal("secret \"feature-flags\" not found", e.GetProperty("message").GetString());
    }

    [Fact]
    public void Reveal_shows_expanded_values()
    {
        var run = ToolProcess.Run("env", "-f", Pod, "-f", Secrets, "-o", "json", "--reveal", "--container", "app");

        using var json = JsonDocument.Parse(run.Stdout);
        var env = Assert.Single(json.RootElement.GetProperty("containers").EnumerateArray()).GetProperty("env").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("value").GetString());
        Assert.Equal("postgres://app@db.shop.svc/shop", env["DB_URL"]);
        Assert.Equal("$(DB_USER) stays literal", env["ESCAPED"]);
        Assert.Equal("token-123", env["KEYS_API_TOKEN"]);
    }

    // defaultPodLimitsForDownwardAPI: an unset limit in env is the allocatable of the pod's Node, here from the input.
    [Fact]
    public void An_unset_limit_is_the_allocatable_of_the_Node_in_the_input_and_else_reported()
    {
        const string pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: default}
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: app
                env:
                - name: CPU
                  valueFrom: {resourceFieldRef: {resource: limits.cpu}}
            """;
        const string node = """
            apiVersion: v1
            kind: Node
            metadata: {name: node-1}
            status: {allocatable: {cpu: "6", memory: 4Gi}}
            """;

        var withNode = ToolProcess.Run(["env", "-f", "-", "-o", "json", "--reveal"], pod + "\n---\n" + node);
        var without = ToolProcess.Run(["env", "-f", "-", "-o", "json", "--reveal"], pod);

        Assert.Equal((0, 0), (withNode.ExitCode, without.ExitCode));
        using var json = JsonDocument.Parse(withNode.Stdout);
        var cpu = Assert.Single(Assert.Single(json.RootElement.GetProperty("containers").EnumerateArray()).GetProperty("env").EnumerateArray());
        Assert.Equal(("CPU", "6"), (cpu.GetProperty("name").GetString(), cpu.GetProperty("value").GetString()));
        Assert.Empty(json.RootElement.GetProperty("events").EnumerateArray());
        using var offline = JsonDocument.Parse(without.Stdout);
        Assert.Empty(Assert.Single(offline.RootElement.GetProperty("containers").EnumerateArray()).GetProperty("env").EnumerateArray());
        Assert.Equal("UnresolvedEnvironmentSource", Assert.Single(offline.RootElement.GetProperty("events").EnumerateArray()).GetProperty("reason").GetString());
    }

    [Fact]
    public void Strict_names_skip_the_invalid_key_and_report_it()
    {
        var run = ToolProcess.Run("env", "-f", Pod, "-f", Secrets, "--env-names", "strict", "--container", "migrate", "-o", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var names = json.RootElement.GetProperty("containers")[0].GetProperty("env").EnumerateArray().Select(v => v.GetProperty("name").GetString());
        Assert.DoesNotContain("1badkey", names);
        Assert.Equal(
            "Keys [1badkey] from the EnvFrom secret shop/api-keys were skipped since they are considered invalid environment variable names.",
            json.RootElement.GetProperty("events")[0].GetProperty("message").GetString());
    }

    [Fact]
    public void A_container_that_cannot_start_exits_1_with_the_kubelet_message()
    {
        var run = ToolProcess.Run("env", "-f", Pod, "-o", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var error = json.RootElement.GetProperty("containers")[0].GetProperty("error");
        Assert.Equal("CreateContainerConfigError", error.GetProperty("reason").GetString());
        Assert.Equal("secret \"api-keys\" not found", error.GetProperty("message").GetString());
        Assert.Equal("spec.initContainers[0].envFrom[0].secretRef", error.GetProperty("field").GetString());
        Assert.Contains(
            json.RootElement.GetProperty("events").EnumerateArray(),
            e => e.GetProperty("reason").GetString() == "Failed" && e.GetProperty("message").GetString() == "Error: secret \"api-keys\" not found");
    }

    [Fact]
    public void The_table_hides_values_unless_revealed()
    {
        var hidden = ToolProcess.Run("env", "-f", Pod, "-f", Secrets);
        var revealed = ToolProcess.Run("env", "-f", Pod, "-f", Secrets, "--reveal");

        Assert.Equal(0, hidden.ExitCode);
        Assert.Contains("migrate (init)   DB_PASSWORD", hidden.Stdout, StringComparison.Ordinal);
        Assert.Contains("<hidden, 9 bytes>", hidden.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-v1", hidden.Stdout, StringComparison.Ordinal);
        Assert.Contains("s3cr3t-v1", revealed.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("samples/manifests/app-secrets.yaml", "no pod or workload in samples/manifests/app-secrets.yaml")]
    [InlineData("samples/manifests/pod.yaml", "no container \"nope\"")]
    public void Bad_selection_exits_2_with_a_message_and_no_output(string file, string message)
    {
        var run = ToolProcess.Run("env", "-f", file, "-f", Secrets, "--container", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Two_pods_are_refused()
    {
        var run = ToolProcess.Run("env", "-f", Pod, "-f", Pod);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("holds 2 pods and workloads; pick one with --pod NAME or --pod KIND/NAME: Pod/web (shop), Pod/web (shop)", run.Stderr, StringComparison.Ordinal);
    }
}
