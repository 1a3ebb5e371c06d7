using System.Diagnostics;
using System.Text.Json;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>Runs the built tool as a process: <c>dotnet SecretProjection.Tool.dll pull-auth ...</c>.</summary>
public sealed class PullAuthCommandTests : IDisposable
{
    private const string Secrets = """
        apiVersion: v1
        kind: Secret
        metadata: {name: shop-registry, namespace: shop}
        type: kubernetes.io/dockerconfigjson
        stringData:
          .dockerconfigjson: '{"auths": {"registry.example.com": {"auth": "c2hvcC1jaTpjaS1wYXNzLTEyMw=="}, "registry.example.com/shop": {"username": "deployer", "password": "deploy-pass-456"}}}'
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: hub, namespace: shop}
        type: kubernetes.io/dockercfg
        stringData:
          .dockercfg: '{"https://index.docker.io/v1/": {"username": "hubuser", "password": "hub-pass-789"}}'
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: builder, namespace: shop}
        imagePullSecrets: [{name: hub}]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("pull-auth-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string PodYaml(string pullSecrets) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          serviceAccountName: builder
          {{pullSecrets}}
          initContainers: [{name: migrate, image: "registry.example.com/shop/migrate:1.0"}]
          containers: [{name: app, image: "nginx:1.27"}]
        """;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static ToolResult Run(params string[] args) => ToolProcess.Run(args);

    private (int Exit, JsonElement Json) RunJson(params string[] args)
    {
        var (exit, output, _) = Run([.. args, "-o", "json"]);
        return (exit, JsonDocument.Parse(output).RootElement.Clone());
    }

    [Fact]
    public void Lists_matches_per_image_in_order_without_user_names_or_passwords()
    {
        var pod = Write("pod.yaml", PodYaml("imagePullSecrets: [{name: shop-registry}, {name: hub}]"));
        var secrets = Write("secrets.yaml", Secrets);
        var (exit, json) = RunJson("pull-auth", "-f", pod, "-f", secrets);

        Assert.Equal(0, exit);
        var images = json.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(["migrate", "app"], images.Select(i => i.GetProperty("container").GetString()));
        var migrate = images[0].GetProperty("matches").EnumerateArray().ToArray();
        Assert.Equal(["registry.example.com/shop", "registry.example.com"], migrate.Select(m => m.GetProperty("registry").GetString()));
        Assert.Equal(["shop/shop-registry", "shop/shop-registry"], migrate.Select(m => m.GetProperty("secret").GetString()));
        Assert.All(migrate, m => Assert.True(m.GetProperty("redacted").GetBoolean()));
        Assert.All(migrate, m => Assert.False(m.TryGetProperty("username", out _)));
        Assert.Equal("docker.io/library/nginx", images[1].GetProperty("repository").GetString());
        Assert.Equal("pod", json.GetProperty("pullSecretsFrom").GetString());
        Assert.DoesNotContain("pass-", json.GetRawText(), StringComparison.Ordinal);

        // Hostile-host review, finding 12: user names come from inside the secret's value, so they are hidden too.
        foreach (var user in new[] { "deployer", "shop-ci", "hubuser" })
        {
            Assert.DoesNotContain(user, json.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reveal_shows_user_names_and_passwords()
    {
        var pod = Write("pod.yaml", PodYaml("imagePullSecrets: [{name: shop-registry}]"));
        var (exit, json) = RunJson("pull-auth", "-f", pod, "-f", Write("secrets.yaml", Secrets), "--reveal", "--image", "registry.example.com/other:2");

        Assert.Equal(0, exit);
        var image = Assert.Single(json.GetProperty("images").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, image.GetProperty("container").ValueKind);
        var match = Assert.Single(image.GetProperty("matches").EnumerateArray());
        Assert.Equal("ci-pass-123", match.GetProperty("password").GetString());
        Assert.Equal("shop-ci", match.GetProperty("username").GetString());
    }

    [Fact]
    public void Default_output_is_a_table_without_passwords_and_with_the_warning()
    {
        var pod = Write("pod.yaml", PodYaml(string.Empty));
        var (exit, output, _) = Run("pull-auth", "-f", pod, "-f", Write("secrets.yaml", Secrets.Replace("[{name: hub}]", "[{name: hub}, {name: gone}]", StringComparison.Ordinal)));

        Assert.Equal(0, exit);
        Assert.Contains("Pull secrets (from the ServiceAccount): hub, gone", output, StringComparison.Ordinal);
        Assert.Contains("Warning  FailedToRetrieveImagePullSecret  Unable to retrieve some image pull secrets (gone); attempting to pull the image may not succeed.", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^migrate +registry\.example\.com/shop/migrate:1\.0 +\(none: pulled without credentials\)$", output);
        Assert.Matches(@"(?m)^app +nginx:1\.27 +https://index\.docker\.io/v1/ +shop/hub$", output);
        Assert.DoesNotContain("pass-", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hubuser", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_pull_secret_fails_with_exit_1_and_names_the_field()
    {
        var broken = """
            apiVersion: v1
            kind: Secret
            metadata: {name: broken, namespace: shop}
            type: kubernetes.io/dockerconfigjson
            stringData:
              .dockerconfigjson: '{"auths": {"registry.example.com": {"auth": "not base64!"}}}'
            """;
        var (exit, json) = RunJson("pull-auth", "-f", Write("pod.yaml", PodYaml("imagePullSecrets: [{name: broken}]")), "-f", Write("broken.yaml", broken));

        Assert.Equal(1, exit);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal("data[.dockerconfigjson].auths[registry.example.com].auth", error.GetProperty("field").GetString());
        Assert.Equal("BadBase64", error.GetProperty("kind").GetString());
        Assert.All(json.GetProperty("images").EnumerateArray(), i => Assert.Equal("InvalidPullSecret", i.GetProperty("error").GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Needs_exactly_one_pod(int pods)
    {
        var files = Enumerable.Range(0, pods).SelectMany(i => new[] { "-f", Write($"pod{i}.yaml", PodYaml(string.Empty).Replace("name: web", $"name: web{i}", StringComparison.Ordinal)) });
        var (exit, output, error) = Run(["pull-auth", "-f", Write("secrets.yaml", Secrets), .. files]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(pods == 0 ? "no pod or workload in" : $"holds {pods} pods and workloads", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bundled_sample_resolves()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SecretProjection.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var (exit, json) = RunJson("pull-auth", "-f", Path.Combine(root, "samples/manifests/pod.yaml"), "-f", Path.Combine(root, "samples/manifests/pull-secrets.yaml"));
        Assert.Equal(0, exit);
        Assert.Equal("serviceAccount", json.GetProperty("pullSecretsFrom").GetString());
        Assert.Equal(2, json.GetProperty("images")[0].GetProperty("matches").GetArrayLength());
        Assert.Single(json.GetProperty("events").EnumerateArray());
    }
}
