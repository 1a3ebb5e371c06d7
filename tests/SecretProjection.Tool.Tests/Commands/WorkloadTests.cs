using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretProjection.TestSupport;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>
/// Every verb on each workload kind gives what it gives on the equivalent Pod: the bundled sample pod's spec as
/// the pod template of a Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController and
/// PodTemplate, all named <c>web</c> in <c>shop</c> and in one input, picked with <c>--pod KIND/web</c>. Run in
/// process: the verbs are the same code as in the tool; <c>InputCommandTests</c> runs the process.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class WorkloadTests : IDisposable
{
    public static TheoryData<string, string, string> Kinds => WorkloadManifests.Kinds;

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-workloads-").FullName;

    public WorkloadTests()
    {
        var pod = File.ReadAllText(ToolProcess.Sample("manifests/pod.yaml"));
        var broken = pod.Replace("path: auth/password", "path: ../password", StringComparison.Ordinal);
        File.WriteAllText(Input, string.Join("---\n", [pod, .. Kinds.Select(k => WorkloadManifests.FromPod(pod, (string)k[0], (string)k[1]))]));
        File.WriteAllText(Broken, string.Join("---\n", [broken, .. Kinds.Select(k => WorkloadManifests.FromPod(broken, (string)k[0], (string)k[1]))]));
    }

    private string Input => Path.Combine(_dir, "workloads.yaml");

    private string Broken => Path.Combine(_dir, "broken.yaml");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Env_plan_and_pull_auth_give_the_pods_result_with_the_workloads_kind(string apiVersion, string kind, string templatePath)
    {
        _ = (apiVersion, templatePath);
        foreach (var verb in new[] { "env", "plan", "pull-auth" })
        {
            var pod = await JsonAsync(verb, "pod/web");
            var workload = await JsonAsync(verb, kind.ToLowerInvariant() + "/web");

            Assert.Equal("Pod", pod["kind"]!.GetValue<string>());
            Assert.Equal(kind, workload["kind"]!.GetValue<string>());
            Assert.Equal("shop/web", workload["pod"]!.GetValue<string>());
            pod.Remove("kind");
            workload.Remove("kind");
            Assert.Equal(pod.ToJsonString(), workload.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Project_writes_the_pods_files_for_the_workload(string apiVersion, string kind, string templatePath)
    {
        _ = (apiVersion, templatePath);
        var pod = await JsonAsync("project", "pod/web", "--root", Path.Combine(_dir, "pod"));
        var workload = await JsonAsync("project", kind + "/web", "--root", Path.Combine(_dir, kind));

        Assert.Equal(kind, workload["kind"]!.GetValue<string>());
        Assert.Equal(
            pod["volumes"]!.ToJsonString().Replace(Path.Combine(_dir, "pod"), "ROOT", StringComparison.Ordinal),
            workload["volumes"]!.ToJsonString().Replace(Path.Combine(_dir, kind), "ROOT", StringComparison.Ordinal));
        Assert.Equal(Tree(Path.Combine(_dir, "pod")), Tree(Path.Combine(_dir, kind)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Validate_checks_the_pod_template_with_the_pod_rules_at_the_templates_fields(string apiVersion, string kind, string templatePath)
    {
        _ = apiVersion;
        var (exit, output, error) = await RunAsync("validate", "-f", Broken, "-o", "json");

        Assert.Equal((ExitCodes.Failed, string.Empty), (exit, error));
        var objects = JsonNode.Parse(output)!["objects"]!.AsArray();
        var pod = objects.Single(o => o!["kind"]!.GetValue<string>() == "Pod")!;
        var workload = objects.Single(o => o!["kind"]!.GetValue<string>() == kind)!;
        Assert.Null(workload["skipped"]);
        var expected = pod["errors"]!.AsArray().Select(e => (templatePath + "." + e!["field"]!.GetValue<string>(), e["message"]!.GetValue<string>()));
        var actual = workload["errors"]!.AsArray().Select(e => (e!["field"]!.GetValue<string>(), e["message"]!.GetValue<string>()));
        Assert.Equal(expected, actual);
        Assert.Contains(actual, e => e.Item1 == templatePath + ".spec.volumes[0].secret.items[1].path");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every entry under a directory: its path (the generation named ..GENERATION), link target, or mode and content.</summary>
    private static List<string> Tree(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path =>
            {
                var info = new FileInfo(path);
                var name = string.Join('/', Path.GetRelativePath(root, path).Split('/').Select(Generation));
                return info.LinkTarget is { } target ? $"{name} -> {Generation(target)}"
                    : Directory.Exists(path) ? $"{name}/ {File.GetUnixFileMode(path)}"
                    : $"{name} {info.UnixFileMode} {File.ReadAllText(path)}";
            })
            .Order(StringComparer.Ordinal)];

    private static string Generation(string name) => name.StartsWith("..2", StringComparison.Ordinal) ? "..GENERATION" : name;

    private async Task<JsonObject> JsonAsync(string verb, string pod, params string[] more)
    {
        var (exit, output, error) = await RunAsync([verb, "-f", Input, "-f", ToolProcess.Sample("manifests/app-secrets.yaml"), "-f", ToolProcess.Sample("manifests/pull-secrets.yaml"), "--pod", pod, "-o", "json", .. more]);
        Assert.True(exit is 0 or 1, $"{verb} --pod {pod}: exit {exit}: {error}");
        return JsonNode.Parse(output)!.AsObject();
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ToolApp.RunAsync(args, new ToolContext(output, error, () => Stream.Null), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
