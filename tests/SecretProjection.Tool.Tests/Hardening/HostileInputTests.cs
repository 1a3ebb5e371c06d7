using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// Hostile input through the built tool, end to end: each case gives a clear error and the tool writes nothing
/// outside its volumes. A sandbox holds the input, the <c>--root</c> and decoys of <c>/etc</c> and <c>/root</c>;
/// it is snapshotted before and after each run (names, kinds, modes, owners, sizes, link targets, SHA-256).
/// </summary>
/// <remarks>
/// The reader's and the API server's rules have their own unit tests (<c>ManifestReaderTests</c>,
/// <c>DocumentLimitsTests</c>, <c>PodValidationTests</c>, <c>PayloadPathsTests</c>); here they meet the process,
/// its exit codes and the file system.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class HostileInputTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _sandbox = Directory.CreateTempSubdirectory("secretprojection-hostile-tool-").FullName;

    public HostileInputTests(ITestOutputHelper output)
    {
        _output = FigureLog.For<HostileInputTests>(output);
        Directory.CreateDirectory(Root);
        Decoys.Plant(Outside);
    }

    private string Root => Path.Combine(_sandbox, "root");

    private string Outside => Path.Combine(_sandbox, "outside");

    /// <summary>Input the tool cannot read: exit 2, one line on stderr naming the file, nothing on stdout, nothing written.</summary>
    public static TheoryData<string, string, string> UnreadableInputs()
    {
        const string Secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n";
        return new TheoryData<string, string, string>
        {
            { "malformed YAML", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n   bad: [\n", "input.yaml:5:" },
            { "malformed JSON", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"", "did not find expected ',' or '}'" },
            { "bad base64", Secret + "data: {k: '!!!notbase64'}\n", "data[k]: illegal base64 data at input byte 0" },
            { "a duplicate key in data", Secret + "data:\n  k: YQ==\n  k: Yg==\n", "data: key \"k\" already set in map" },
            { "a duplicate top-level key", Secret + "kind: Pod\n", "key \"kind\" already set in map" },
            { "not an object", "- a\n- b\n", "must be an object with apiVersion and kind" },
            { "no kind", "apiVersion: v1\nmetadata: {name: x}\n", "object has no apiVersion or kind" },
            { "100,000 nested sequences", Secret + "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "nested deeper than 100 levels" },
            { "20,000 nested mappings", Secret + "x: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "b" + new string('}', 20_000) + "\n", "nested deeper than 100 levels" },
            { "a 1 MB value aliased 2,000 times", AliasBomb(), "aliases expand the document" },
            { "100,000 keys", Secret + "data:\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"  k{i}: eA==\n")), "no pod or workload in" },
            { "binary garbage", Encoding.Latin1.GetString([.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))]), "input.yaml" },
            { "no pod", Secret, "no pod or workload in" },
        };
    }

    [Theory]
    [MemberData(nameof(UnreadableInputs))]
    public void Unreadable_input_exits_2_with_one_line_naming_the_file_and_writes_nothing(string label, string manifest, string expected)
    {
        var input = WriteInput(manifest);
        var before = SandboxSnapshot.Take(_sandbox);

        var result = Run("project", "-f", input, "--root", Root);

        _output.WriteLine($"{label}: exit {result.ExitCode}: {result.Stderr.Trim()}");
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("secretprojection: ", line, StringComparison.Ordinal);
        Assert.Contains(input, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox)));
    }

    /// <summary>
    /// One volume per hostile items path (and a hostile volume name): the API server's field error or the
    /// writer's message fails that volume alone; legal but odd names are written inside their volume.
    /// </summary>
    [Fact]
    public void Hostile_items_paths_and_volume_names_fail_their_volume_alone_and_nothing_is_written_outside()
    {
        (string Volume, string Path, string? Error)[] cases =
        [
            ("dot-dot", "..", "must not contain '..'"),
            ("dot-dot-slash", "../x", "must not contain '..'"),
            ("absolute", "/etc/passwd", "must be a relative path"),
            ("dot-dot-x", "..x", "must not start with '..'"),
            ("climb", "a/../../b", "must not contain '..'"),
            ("long-name", new string('n', 256), "invalid path: filenames must be less than or equal to 255 characters"),
            ("long-path", string.Join('/', Enumerable.Repeat("p", 2049)), "invalid path: must be less than or equal to 4096 characters"),
            ("nul", "x\0y", "invalid path: must not contain NUL"),
            ("control", "a\nb\u001b[31mc\u0007", null),
            ("deep", string.Join('/', Enumerable.Repeat("d", 300)), null),
            ("ordinary", "password", null),
        ];
        var volumes = cases.Select(c => $"  - {{name: {c.Volume}, secret: {{secretName: s, items: [{{key: k, path: {JsonSerializer.Serialize(c.Path)}}}]}}}}\n");
        var input = WriteInput(Pod(string.Concat(volumes) + "  - {name: ../escape, secret: {secretName: s}}\n") + SecretDocument("k", "value"));
        var before = SandboxSnapshot.Take(_sandbox);

        var result = Run("project", "-f", input, "--root", Root, "-o", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var errors = json.RootElement.GetProperty("volumes").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("error") is { ValueKind: JsonValueKind.Object } e ? e.GetProperty("message").GetString() : null);
        foreach (var (volume, path, error) in cases)
        {
            _output.WriteLine($"{volume}: {errors[volume] ?? "written"}");
            if (error is null)
            {
                Assert.Null(errors[volume]);
                Assert.Equal("value", File.ReadAllText(System.IO.Path.Combine(Root, volume, path)));
            }
            else
            {
                Assert.Contains(error, errors[volume], StringComparison.Ordinal);
            }
        }

        Assert.Contains("a lowercase RFC 1123 label", errors["../escape"], StringComparison.Ordinal);
        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox), [.. cases.Select(c => "root/" + c.Volume)]));
        Assert.False(Directory.Exists(Path.Combine(_sandbox, "escape")));

        // The table for people keeps one row per volume or file: control characters in names and messages are escaped.
        var table = Run("project", "-f", input, "--root", Root).Stdout;
        var plan = Run("plan", "-f", input).Stdout;
        Assert.Equal(cases.Length + 2, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(table + plan, c => char.IsControl(c) && c != '\n');
        Assert.Contains(@"a\nb\u001b[31mc\u0007", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void A_volume_directory_that_is_a_link_is_refused_and_what_it_points_to_is_untouched()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "creds"), Path.Combine(Outside, "etc"));
        var input = WriteInput(Pod("  - {name: creds, secret: {secretName: s}}\n") + SecretDocument("passwd", "mine"));
        var before = SandboxSnapshot.Take(_sandbox);

        var plain = Run("project", "-f", input, "--root", Root, "-o", "json");
        var mounted = Tmpfs.CanMount ? Run("project", "-f", input, "--root", Root, "--tmpfs", "-o", "json") : null;

        foreach (var result in new[] { plain, mounted }.OfType<ToolResult>())
        {
            Assert.Equal(1, result.ExitCode);
            using var json = JsonDocument.Parse(result.Stdout);
            var error = json.RootElement.GetProperty("volumes")[0].GetProperty("error").GetProperty("message").GetString();
            _output.WriteLine(error);
            Assert.Contains("is a symbolic link", error, StringComparison.Ordinal);
        }

        Assert.False(Tmpfs.IsMountPoint(Path.Combine(Outside, "etc")));
        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox)));
    }

    [Fact]
    public void Links_planted_in_a_volume_directory_are_replaced_or_left_but_never_followed()
    {
        var volume = Directory.CreateDirectory(Path.Combine(Root, "creds")).FullName;
        File.CreateSymbolicLink(Path.Combine(volume, "..data"), Path.Combine(Outside, "etc"));
        File.CreateSymbolicLink(Path.Combine(volume, "..data_tmp"), Path.Combine(Outside, "root"));
        File.CreateSymbolicLink(Path.Combine(volume, "..2020_01_01_00_00_00.1"), Path.Combine(Outside, "root"));
        File.CreateSymbolicLink(Path.Combine(volume, "token"), Path.Combine(Outside, "root"));
        var one = WriteInput(Pod("  - {name: creds, secret: {secretName: s}}\n") + SecretDocument("token", "one"), "one.yaml");
        var two = WriteInput(Pod("  - {name: creds, secret: {secretName: s}}\n") + SecretDocument("passwd", "two"), "two.yaml");
        var before = SandboxSnapshot.Take(_sandbox);

        var first = Run("project", "-f", one, "--root", Root);
        var second = Run("project", "-f", two, "--root", Root);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox), "root/creds"));
        Assert.Equal("two", File.ReadAllText(Path.Combine(volume, "passwd")));
        Assert.Equal(["..data", "passwd"], Directory.GetFileSystemEntries(volume).Select(Path.GetFileName).Where(n => n is "..data" || !n!.StartsWith("..", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    // Hostile-host review, finding 7: the API server refuses a Secret over 1 MiB, a key "a/b" and a key with a
    // newline (validate says so), and never hands such an object to a kubelet. project used to write them; now
    // each volume fails with the object's field errors, and nothing is written anywhere.
    [Fact]
    public void Project_writes_nothing_the_API_server_would_reject_and_names_its_field_errors()
    {
        var input = WriteInput(Pod("  - {name: big, secret: {secretName: big}}\n  - {name: slash, secret: {secretName: slash}}\n  - {name: newline, secret: {secretName: newline}}\n")
            + SecretDocument("big", new string('x', (1 << 20) + 1), "big")
            + SecretDocument("a/b", "v", "slash")
            + SecretDocument("\"c\\nd\"", "v", "newline"));
        var before = SandboxSnapshot.Take(_sandbox);

        var validate = Run("validate", "-f", input);
        var project = Run("project", "-f", input, "--root", Root, "-o", "json");

        Assert.Equal(1, validate.ExitCode);
        Assert.Equal(1, project.ExitCode);
        using var json = JsonDocument.Parse(project.Stdout);
        var errors = json.RootElement.GetProperty("volumes").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("error").GetProperty("message").GetString()!);
        _output.WriteLine(string.Join('\n', errors.Select(e => $"project of what validate rejects (finding 7): {e.Key}: {e.Value}")));
        Assert.Contains("secret \"big\" is invalid: data: Too long: must have at most 1048576 bytes", errors["big"], StringComparison.Ordinal);
        Assert.Contains("secret \"slash\" is invalid: data[a/b]: Invalid value: \"a/b\"", errors["slash"], StringComparison.Ordinal);
        Assert.Contains("secret \"newline\" is invalid: data[c\nd]: Invalid value: ", errors["newline"], StringComparison.Ordinal);
        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox)));
    }

    // Finding 8: a volume name holding NUL (a Kubernetes name never does) ended project with an internal error.
    // Every verb now meets it with an answer: the volume fails alone, as plan reports it.
    [Fact]
    public void Every_verb_answers_a_pod_with_a_NUL_in_a_volume_name_without_an_internal_error()
    {
        var input = WriteInput(Pod("  - {name: \"cr\\0eds\", secret: {secretName: s}}\n  - {name: fine, secret: {secretName: s}}\n") + SecretDocument("token", "t"));
        var before = SandboxSnapshot.Take(_sandbox);

        foreach (var verb in new[] { "validate", "env", "plan", "pull-auth", "project" })
        {
            var result = verb == "project" ? Run(verb, "-f", input, "--root", Root, "-o", "json") : Run(verb, "-f", input, "-o", "json");
            _output.WriteLine($"NUL in a volume name (finding 8): {verb}: exit {result.ExitCode}");
            Assert.True(result.ExitCode is 0 or 1, $"{verb}: exit {result.ExitCode}: {result.Stderr}");
            Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
            if (verb == "project")
            {
                using var json = JsonDocument.Parse(result.Stdout);
                var volumes = json.RootElement.GetProperty("volumes").EnumerateArray().ToArray();
                Assert.Contains("a lowercase RFC 1123 label", volumes[0].GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
                Assert.Equal(JsonValueKind.Null, volumes[1].GetProperty("error").ValueKind);
            }
        }

        Assert.Empty(before.Diff(SandboxSnapshot.Take(_sandbox), "root/fine"));
    }

    // Finding 5: a volume directory others can write to (umask 000, or a shared 1777 directory) let anyone replace
    // ..data. The writer refuses it and says why, unless told otherwise.
    [Fact]
    public void A_volume_directory_others_can_write_to_is_refused_unless_allowed()
    {
        var volume = Directory.CreateDirectory(Path.Combine(Root, "creds")).FullName;
        File.SetUnixFileMode(volume, (UnixFileMode)0x1FF); // 0777
        var input = WriteInput(Pod("  - {name: creds, secret: {secretName: s}}\n") + SecretDocument("token", "mine"));
        var before = SandboxSnapshot.Take(_sandbox);

        var refused = Run("project", "-f", input, "--root", Root, "-o", "json");
        var unchanged = SandboxSnapshot.Take(_sandbox);
        var allowed = Run("project", "-f", input, "--root", Root, "--allow-shared-directory", "-o", "json");

        using var json = JsonDocument.Parse(refused.Stdout);
        var error = json.RootElement.GetProperty("volumes")[0].GetProperty("error").GetProperty("message").GetString();
        _output.WriteLine($"a volume directory others can write to (finding 5): exit {refused.ExitCode}: {error}");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("refusing to write: others can write to the volume directory (mode 0777", error, StringComparison.Ordinal);
        Assert.Empty(before.Diff(unchanged));
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(volume, "token")));
    }

    // Findings 5 and 11: with --tmpfs each volume is a tmpfs of mode 0755 (the kubelet's 1777 let anyone plant
    // names), and a volume whose first write fails is unmounted and its directory removed, as the kubelet tears
    // down a volume whose setup failed; the volumes that were written stay mounted.
    [Fact]
    public void With_tmpfs_volumes_are_mounted_0755_and_a_failed_first_write_leaves_no_mount_behind()
    {
        if (!Tmpfs.CanMount)
        {
            _output.WriteLine("not root: mounting tmpfs needs CAP_SYS_ADMIN; CI runs this as root");
            return;
        }

        // 2,040 nested directories: a path the planner accepts (4,079 bytes), too long for the kernel once under the volume.
        var deep = string.Join('/', Enumerable.Repeat("d", 2040));
        var input = WriteInput(Pod($"  - {{name: fine, secret: {{secretName: s}}}}\n  - {{name: deep, secret: {{secretName: s, items: [{{key: token, path: {deep}}}]}}}}\n") + SecretDocument("token", "t"));

        var result = Run("project", "-f", input, "--root", Root, "--tmpfs", "-o", "json");
        var mounts = File.ReadAllLines("/proc/self/mountinfo");
        try
        {
            using var json = JsonDocument.Parse(result.Stdout);
            var error = json.RootElement.GetProperty("volumes")[1].GetProperty("error").GetProperty("message").GetString();
            var fine = mounts.Single(l => l.Split(' ')[4] == Path.Combine(Root, "fine"));
            _output.WriteLine($"tmpfs (findings 5, 11): exit {result.ExitCode}; deep: ...{error![^40..]}; left mounted: {fine.Split(" - ")[1]}");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("file name too long", error, StringComparison.Ordinal);
            Assert.Contains("mode=755", fine, StringComparison.Ordinal);
            Assert.DoesNotContain(mounts, l => l.Split(' ')[4] == Path.Combine(Root, "deep"));
            Assert.False(Directory.Exists(Path.Combine(Root, "deep")));
        }
        finally
        {
            if (Tmpfs.IsMountPoint(Path.Combine(Root, "fine")))
            {
                Tmpfs.Unmount(Path.Combine(Root, "fine"));
            }
        }
    }

    public void Dispose()
    {
        if (Tmpfs.IsMountPoint(Path.Combine(Outside, "etc")))
        {
            Tmpfs.Unmount(Path.Combine(Outside, "etc"));
        }

        Directory.Delete(_sandbox, recursive: true);
    }

    private static string AliasBomb()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  k: &big ").Append('x', 1_000_000).Append('\n');
        for (var i = 0; i < 2000; i++)
        {
            text.Append("  k").Append(i).Append(": *big\n");
        }

        return text.ToString();
    }

    /// <summary>A pod with these volumes (YAML list items, indented by two), and fsGroup 2000 when root, so the ownership walk runs.</summary>
    private static string Pod(string volumes) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          {{(Tmpfs.CanMount ? "securityContext: {fsGroup: 2000}" : string.Empty)}}
          containers: [{name: app, image: app}]
          volumes:

        """ + volumes;

    private static string SecretDocument(string key, string value, string name = "s") =>
        $"---\napiVersion: v1\nkind: Secret\nmetadata: {{name: {name}}}\ndata:\n  {key}: {Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}\n";

    /// <summary>Writes an input file into the sandbox (before its first snapshot).</summary>
    private string WriteInput(string manifest, string name = "input.yaml")
    {
        var path = Path.Combine(_sandbox, name);
        File.WriteAllText(path, manifest);
        return path;
    }

    private ToolResult Run(params string[] args) => ToolProcess.Run(args, standardInput: null, workingDirectory: _sandbox);
}
