using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>
/// The built tool run as a process for what its command line promises beyond one verb: the messages fixed from what
/// people saw, each verb's help, the tool's own events marked as such, shell completion, and the kubectl plugin.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class CommandLineTests : IDisposable
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers:
          - name: app
            image: app
            env:
            - name: OPTIONAL
              valueFrom: {secretKeyRef: {name: gone, key: k, optional: true}}
          volumes:
          - {name: nameless, secret: {}}

        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-cli-").FullName;

    private static readonly string[] VerbNames = ["validate", "check", "env", "plan", "pull-auth", "project", "sync", "agent", "completion"];

    public static TheoryData<string> Verbs => [.. VerbNames];

    [Fact]
    public void An_unknown_output_format_is_one_line_in_kubectls_words_and_points_to_the_verbs_help()
    {
        var result = Run("validate", "-f", Write("pod.yaml", Pod), "-o", "xml");

        Assert.Equal((ExitCodes.BadInput, string.Empty), (result.ExitCode, result.Stdout));
        Assert.Equal(
            "secretprojection: unable to match a printer suitable for the output format \"xml\", allowed formats are: json,yaml\n"
            + "Run 'secretprojection validate --help' for usage.\n",
            result.Stderr);
    }

    [Fact]
    public void Project_gives_required_value_with_its_field_path_as_reason_and_message()
    {
        var result = Run("project", "-f", Write("pod.yaml", Pod), "--root", Path.Combine(_dir, "out"), "-o", "json");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var error = JsonNode.Parse(result.Stdout)!["volumes"]![0]!["error"]!;
        Assert.Equal("""{"reason":"Invalid","message":"spec.volumes[0].secret.secretName: Required value"}""", error.ToJsonString());
        Assert.False(Directory.Exists(Path.Combine(_dir, "out", "nameless")));
    }

    [Fact]
    public void A_secret_over_1_MiB_that_the_api_server_refuses_is_not_projected()
    {
        var big = Convert.ToBase64String(new byte[(1024 * 1024) + 1]);
        var input = Write("big.yaml", $"apiVersion: v1\nkind: Secret\nmetadata: {{name: big, namespace: shop}}\ndata: {{k: {big}}}\n---\n"
            + "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers: [{name: app, image: app}]\n  volumes: [{name: v, secret: {secretName: big}}]\n");

        var result = Run("project", "-f", input, "--root", Path.Combine(_dir, "out"));

        // The API server never hands such a Secret to a kubelet: the volume fails with its field error, nothing is written.
        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("secret \"big\" is invalid: data: Too long: must have at most 1048576 bytes", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out", "v")));
    }

    [Fact]
    public void Events_a_kubelet_does_not_record_are_marked_as_this_tools_own_in_json_and_text()
    {
        var input = Write("pod.yaml", Pod);

        var json = Run("env", "-f", input, "-o", "json");
        var text = Run("env", "-f", input);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (json.ExitCode, text.ExitCode));
        var e = JsonNode.Parse(json.Stdout)!["events"]!.AsArray().Single()!;
        Assert.Equal(("OptionalSecretNotFound", EventOrigin.Tool), (e["reason"]!.GetValue<string>(), e["from"]!.GetValue<string>()));
        Assert.Matches(@"TYPE\s+REASON\s+FROM\s+MESSAGE", text.Stdout);
        Assert.Matches(@"OptionalSecretNotFound\s+secretprojection\s", text.Stdout);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Each_verbs_help_says_what_it_reads_with_examples_and_exit_codes(string verb)
    {
        var result = Run(verb, "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains($"secretprojection {verb} ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Examples:\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretProjection.Tool", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_verb_the_tool_offers_is_among_those_whose_help_is_checked()
    {
        var offered = ToolApp.CreateRoot(Context()).Subcommands.Select(c => c.Name);

        Assert.Equal(offered.Order(StringComparer.Ordinal), VerbNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Each_example_in_a_verbs_help_is_a_command_line_the_tool_accepts(string verb)
    {
        var root = ToolApp.CreateRoot(Context());
        var examples = Examples(root.Subcommands.Single(c => c.Name == verb).Description!);

        Assert.NotEmpty(examples);
        Assert.All(examples, example => Assert.Empty(root.Parse(example).Errors.Select(e => $"{string.Join(' ', example)}: {e.Message}")));
    }

    [Fact]
    public void The_READMEs_agent_section_shows_the_examples_of_agents_help()
    {
        var readme = File.ReadAllText(Path.Combine(ToolProcess.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("\n### `agent`\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 1, StringComparison.Ordinal)];
        var help = VerbHelp.Agent.Split('\n');
        var examples = help.SkipWhile(l => l != "Examples:").Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Trim()).ToList();

        Assert.NotEmpty(examples);
        Assert.All(examples, example => Assert.Contains("\n" + example + "\n", section, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _secretprojection_complete secretprojection")]
    [InlineData("zsh", "#compdef secretprojection")]
    [InlineData("powershell", "Register-ArgumentCompleter -Native -CommandName secretprojection")]
    public void Completion_prints_each_shells_script(string shell, string line)
    {
        var result = Run("completion", shell);

        Assert.Equal((ExitCodes.Ok, string.Empty), (result.ExitCode, result.Stderr));
        Assert.Contains(line, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secretprojection ", "agent,check,completion,env,plan,project,pull-auth,sync,validate")]
    [InlineData("secretprojection check -o ", "json,yaml")]
    [InlineData("secretprojection env --env-names ", "relaxed,strict")]
    [InlineData("secretprojection sync --strategy ", "get,ttl,watch")]
    [InlineData("secretprojection completion ", "bash,powershell,zsh")]
    public void Completion_offers_what_the_parser_accepts(string line, string expected)
    {
        var result = Run($"[suggest:{line.Length}]", line);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var offered = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith('-') && !s.StartsWith('/'));
        Assert.Equal(expected, string.Join(',', offered.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Bash_completes_a_verb_through_the_script()
    {
        // The script as a shell runs it, with the tool on PATH as secretprojection.
        var bin = ShimOnPath();
        var script = $"""
            source <(secretprojection completion bash)
            COMP_LINE='secretprojection va'; COMP_POINT=${"{#COMP_LINE}"}; COMP_WORDS=(secretprojection va); COMP_CWORD=1
            _secretprojection_complete
            echo "${"{COMPREPLY[@]}"}"
            """;

        var (exit, output) = Shell("bash", script, bin);

        Assert.Equal((0, "validate\n"), (exit, output));
    }

    [Fact]
    public void Kubectl_finds_the_plugin_and_runs_it_from_a_link_and_from_a_copy()
    {
        var launcher = Path.Combine(AppContext.BaseDirectory, "kubectl-secretprojection");
        Assert.True(File.Exists(launcher), "the launcher is beside the built tool");

        // A link runs the tool it points beside; a copy elsewhere runs secretprojection from PATH.
        var linked = Directory.CreateDirectory(Path.Combine(_dir, "linked")).FullName;
        File.CreateSymbolicLink(Path.Combine(linked, "kubectl-secretprojection"), launcher);
        var copied = Directory.CreateDirectory(Path.Combine(_dir, "copied")).FullName;
        File.Copy(launcher, Path.Combine(copied, "kubectl-secretprojection"));
        File.SetUnixFileMode(Path.Combine(copied, "kubectl-secretprojection"), (UnixFileMode)0b111_101_101);
        var shim = ShimOnPath();

        var list = Shell("sh", "kubectl plugin list --name-only", linked);
        var fromLink = Shell("sh", "kubectl secretprojection --version", linked);
        var fromCopy = Shell("sh", "kubectl secretprojection --version", copied + ":" + shim);
        var noTool = Shell("sh", "kubectl-secretprojection --version", copied + ":/usr/bin:/bin", inheritPath: false);

        Assert.Contains("kubectl-secretprojection", list.Output, StringComparison.Ordinal);
        Assert.Equal(0, fromLink.Exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", fromLink.Output);
        Assert.Equal(fromLink, fromCopy);
        Assert.Equal(127, noTool.Exit);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ToolContext Context() => new(TextWriter.Null, TextWriter.Null, () => Stream.Null);

    /// <summary>
    /// The tool's own command lines in a help's examples, as arguments: what follows each <c>secretprojection</c> that
    /// starts a command (after <c>sudo</c>, a pipe or <c>&lt;(</c>), up to a pipe, a redirection, a <c>)</c> or a comment.
    /// </summary>
    private static List<string[]> Examples(string help) =>
        [.. help.Split('\n').SkipWhile(l => l != "Examples:").Skip(1).TakeWhile(l => l.Length > 0)
            .SelectMany(l => ToolCommandLine().Matches(l))
            .Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    [GeneratedRegex(@"(?:^|[\s(|])secretprojection ([^|>)#]*)")]
    private static partial Regex ToolCommandLine();

    /// <summary>A directory holding <c>secretprojection</c>, a script that runs the built tool.</summary>
    private string ShimOnPath()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var shim = Path.Combine(bin, "secretprojection");
        if (!File.Exists(shim))
        {
            File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet '{ToolProcess.ToolPath}' \"$@\"\n");
            File.SetUnixFileMode(shim, (UnixFileMode)0b111_101_101);
        }

        return bin;
    }

    /// <summary>Runs a shell script with <paramref name="path"/> first on PATH (secretprojection is not on the test's own), or alone.</summary>
    private static (int Exit, string Output) Shell(string shell, string script, string path, bool inheritPath = true)
    {
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["PATH"] = inheritPath ? path + ":" + System.Environment.GetEnvironmentVariable("PATH") : path;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the shell did not exit within two minutes");
        return (process.ExitCode, output.Result);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static ToolResult Run(params string[] args) => ToolProcess.Run(args);
}
