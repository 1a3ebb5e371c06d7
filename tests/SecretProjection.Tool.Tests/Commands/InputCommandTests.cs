using System.Text.Json;
using SecretProjection.TestSupport;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>
/// What the verbs read, through the built tool as a process: files, directories, standard input, lists of them;
/// workloads and the choice of one; namespaces; and the messages of input that cannot be read. Each of these
/// failed on the tool before directories, workloads and the one-pass reader.
/// </summary>
public sealed class InputCommandTests : IDisposable
{
    private const string Pod = "samples/manifests/pod.yaml";
    private const string Secrets = "samples/manifests/app-secrets.yaml";

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-input-").FullName;

    [Fact]
    public void A_directory_is_read_where_a_file_was_expected()
    {
        var result = ToolProcess.Run("validate", "-f", "samples/manifests");

        Assert.Equal((0, string.Empty), (result.ExitCode, result.Stderr));
        Assert.Contains("Pod              shop/web", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ServiceAccount   shop/default", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("shop/Bad_Name", result.Stdout, StringComparison.Ordinal); // samples/manifests/invalid is a subdirectory
    }

    [Fact]
    public void With_recursive_subdirectories_are_read_and_a_list_of_files_is_split_at_commas()
    {
        var recursive = ToolProcess.Run("validate", "-R", "-f", "samples/manifests", "-o", "json");
        var listed = ToolProcess.Run("plan", "-f", Pod + "," + Secrets, "-o", "json");

        Assert.Equal(1, recursive.ExitCode); // samples/manifests/invalid breaks the API server's rules
        Assert.Contains("shop/Bad_Name", recursive.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
    }

    [Fact]
    public void An_unknown_option_after_f_is_an_error_and_not_a_file_name()
    {
        var result = ToolProcess.Run("validate", "-f", Pod, "--bogus");

        Assert.Equal((2, string.Empty), (result.ExitCode, result.Stdout));
        Assert.Contains("unknown option '--bogus'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot read", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n\tpassword: YQ==\n", "-:5: While scanning a mapping, found invalid tab as indentation.")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: YWJj!\n", "-:5: data[password]: illegal base64 data at input byte 4")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: &d {a: *d}\n", "-:4: alias *d is inside the node it names (a recursive alias)")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: v, secret: {secretName: s, defaultMode: '0400'}}]\n", "-:5: spec.volumes[0].secret.defaultMode: expected an integer (int32)")]
    public void Unreadable_input_is_one_line_with_its_line_and_field_and_no_dotnet_type(string yaml, string message)
    {
        var result = ToolProcess.Run(["validate", "-f", "-"], yaml);

        Assert.Equal((2, string.Empty), (result.ExitCode, result.Stdout));
        Assert.Equal("secretprojection: " + message, result.Stderr.Trim());
    }

    [Fact]
    public void One_unreadable_file_is_reported_and_the_others_are_validated()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        File.WriteAllText(Path.Combine(directory, "a.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n");
        File.WriteAllText(Path.Combine(directory, "b.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: b\n");
        File.CreateSymbolicLink(Path.Combine(directory, "c.yaml"), Path.Combine(_dir, "gone.yaml"));
        File.WriteAllText(Path.Combine(directory, "d.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: d}\n");

        var result = ToolProcess.Run("validate", "-f", directory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Secret   default/a   valid", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Secret   default/d   valid", result.Stdout, StringComparison.Ordinal);
        var problems = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, problems.Length);
        Assert.StartsWith($"secretprojection: {directory}/b.yaml:4: ", problems[0], StringComparison.Ordinal);
        Assert.Equal($"secretprojection: {directory}/c.yaml: cannot read: no such file or directory", problems[1]);
    }

    [Fact]
    public void Endless_input_ends_with_exit_2_at_the_input_limit()
    {
        var endless = ToolProcess.Run("validate", "-f", "/dev/zero");
        var limited = ToolProcess.Run("validate", "-f", Pod, "--max-input-bytes", "1Ki");

        Assert.Equal((2, "secretprojection: /dev/zero: the input is larger than 67108864 bytes in all (--max-input-bytes; default 64Mi)"), (endless.ExitCode, endless.Stderr.Trim()));
        Assert.Equal((2, $"secretprojection: {Pod}: the input is larger than 1024 bytes in all (--max-input-bytes; default 64Mi)"), (limited.ExitCode, limited.Stderr.Trim()));
    }

    [Fact]
    public void Input_without_objects_says_so_and_exits_2()
    {
        var result = ToolProcess.Run(["validate", "-f", "-"], "# nothing here\n---\n");

        Assert.Equal((2, string.Empty, "secretprojection: no objects in -"), (result.ExitCode, result.Stdout, result.Stderr.Trim()));
    }

    [Fact]
    public void Unknown_fields_and_kinds_are_warnings_with_their_paths()
    {
        const string Yaml = "apiVersion: v1\nkind: Secret\nmetadata: {nmae: s, name: s}\n---\napiVersion: v1\nkind: secret\nmetadata: {name: t}\n";

        var table = ToolProcess.Run(["validate", "-f", "-"], Yaml);
        var json = ToolProcess.Run(["validate", "-f", "-", "-o", "json"], Yaml);

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(
            ["secretprojection: warning: -:3: unknown field \"metadata.nmae\"", "secretprojection: warning: -:5: no matches for kind \"secret\" in version \"v1\""],
            table.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(json.Stdout);
        var warning = document.RootElement.GetProperty("objects")[0].GetProperty("warnings")[0];
        Assert.Equal(("metadata.nmae", "-:3"), (warning.GetProperty("field").GetString(), warning.GetProperty("source").GetString()));
    }

    [Fact]
    public void Several_pods_need_pod_and_the_message_lists_them()
    {
        var input = Write("several.yaml", File.ReadAllText(Path.Combine(ToolProcess.RepoRoot, Pod)) + "---\n" + WorkloadManifests.FromPod(File.ReadAllText(Path.Combine(ToolProcess.RepoRoot, Pod)), "batch/v1", "CronJob").Replace("name: web", "name: report", StringComparison.Ordinal));

        var several = ToolProcess.Run("plan", "-f", input, "-f", Secrets);
        var picked = ToolProcess.Run("plan", "-f", input, "-f", Secrets, "--pod", "cronjob/report", "-o", "json");
        var unknown = ToolProcess.Run("plan", "-f", input, "-f", Secrets, "--pod", "nope");

        Assert.Equal((2, string.Empty), (several.ExitCode, several.Stdout));
        Assert.Equal($"secretprojection: {input}, {Secrets} holds 2 pods and workloads; pick one with --pod NAME or --pod KIND/NAME: Pod/web (shop), CronJob/report (shop)", several.Stderr.Trim());
        Assert.Equal(0, picked.ExitCode);
        using var json = JsonDocument.Parse(picked.Stdout);
        Assert.Equal(("shop/report", "CronJob"), (json.RootElement.GetProperty("pod").GetString(), json.RootElement.GetProperty("kind").GetString()));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--pod nope: no such pod or workload", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_pods_works_with_pod()
    {
        const string List = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Pod, metadata: {name: one}, spec: {containers: [{name: a, env: [{name: X, value: one}]}]}}
            - {apiVersion: v1, kind: Pod, metadata: {name: two}, spec: {containers: [{name: a, env: [{name: X, value: two}]}]}}
            """;

        var result = ToolProcess.Run(["env", "-f", "-", "--pod", "two", "--reveal", "-o", "json"], List);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(("default/two", "Pod"), (json.RootElement.GetProperty("pod").GetString(), json.RootElement.GetProperty("kind").GetString()));
        Assert.Equal("two", json.RootElement.GetProperty("containers")[0].GetProperty("env")[0].GetProperty("value").GetString());
    }

    [Fact]
    public void Namespace_puts_objects_that_name_none_in_it_and_refuses_another_as_kubectl_does()
    {
        var input = Write("plain.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, env: [{name: X, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n");

        var given = ToolProcess.Run("env", "-f", input, "-n", "dev", "-o", "json");
        var mismatch = ToolProcess.Run("env", "-f", input, "-f", Secrets, "-n", "dev");

        Assert.Equal(0, given.ExitCode);
        using var json = JsonDocument.Parse(given.Stdout);
        Assert.Equal("dev/p", json.RootElement.GetProperty("pod").GetString());
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains($"{Secrets}:2: the namespace from the provided object \"shop\" does not match the namespace \"dev\". You must pass '--namespace=shop' to perform this operation.", mismatch.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env")]
    [InlineData("plan")]
    [InlineData("pull-auth")]
    [InlineData("project")]
    public void Json_names_the_kind_beside_the_pod(string verb)
    {
        var result = ToolProcess.Run([verb, "-f", Pod, "-f", Secrets, "-f", "samples/manifests/pull-secrets.yaml", "-o", "json", .. verb == "project" ? new[] { "--root", Path.Combine(_dir, "out") } : []]);

        Assert.True(result.ExitCode is 0 or 1, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(("shop/web", "Pod"), (json.RootElement.GetProperty("pod").GetString(), json.RootElement.GetProperty("kind").GetString()));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
