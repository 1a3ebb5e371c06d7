using System.Diagnostics;
using System.Text.Json;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>Runs the built tool's <c>project</c> verb as a process against a temporary root.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProjectCommandTests : IDisposable
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: app}]
          volumes:
          - name: creds
            secret: {secretName: db}
          - name: picked
            secret:
              secretName: db
              defaultMode: 0400
              items: [{key: password, path: auth/password, mode: 0440}]
          - name: all
            projected:
              sources:
              - secret: {name: db, items: [{key: user, path: user}]}
              - configMap: {name: settings}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-project-").FullName;

    private string Root => Path.Combine(_dir, "out");

    [Fact]
    public void Writes_each_volume_with_the_kubelet_layout_then_writes_nothing_when_unchanged()
    {
        var input = Manifests(password: "s3cret");

        var (exit, output, _) = Run("project", "-f", input, "--root", Root, "-o", "json");

        Assert.Equal(0, exit);
        Assert.Equal([("creds", true), ("picked", true), ("all", true)], Volumes(output).Select(v => (v.Name, v.Changed)));
        Assert.Equal("s3cret", File.ReadAllText(Path.Combine(Root, "creds", "password")));
        Assert.Equal("..data/password", new FileInfo(Path.Combine(Root, "creds", "password")).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(Root, "picked", "..data", "auth", "password")));
        Assert.Equal(Convert.ToInt32("644", 8), (int)File.GetUnixFileMode(Path.Combine(Root, "creds", "..data", "user")));
        Assert.Equal("admin", File.ReadAllText(Path.Combine(Root, "all", "user")));
        Assert.Equal("debug", File.ReadAllText(Path.Combine(Root, "all", "level")));
        var generation = new FileInfo(Path.Combine(Root, "creds", "..data")).LinkTarget;

        (exit, output, _) = Run("project", "-f", input, "--root", Root, "-o", "json");

        Assert.Equal(0, exit);
        Assert.All(Volumes(output), v => Assert.False(v.Changed));
        Assert.Equal(generation, new FileInfo(Path.Combine(Root, "creds", "..data")).LinkTarget);
    }

    [Fact]
    public void Swaps_in_an_updated_secret_and_removes_the_old_generation()
    {
        Run("project", "-f", Manifests(password: "old"), "--root", Root);
        var old = new FileInfo(Path.Combine(Root, "creds", "..data")).LinkTarget!;

        var (exit, output, _) = Run("project", "-f", Manifests(password: "new"), "--root", Root, "-o", "json");

        Assert.Equal(0, exit);
        Assert.Equal([("creds", true), ("picked", true), ("all", false)], Volumes(output).Select(v => (v.Name, v.Changed)));
        Assert.Equal("new", File.ReadAllText(Path.Combine(Root, "creds", "password")));
        Assert.False(Directory.Exists(Path.Combine(Root, "creds", old)));
        Assert.Equal(new[] { "..data", new FileInfo(Path.Combine(Root, "creds", "..data")).LinkTarget!, "password", "user" }.Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(Path.Combine(Root, "creds")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failing_volume_reports_its_error_keeps_its_previous_contents_and_exits_1()
    {
        Run("project", "-f", Manifests(password: "kept"), "--root", Root);

        var (exit, output, _) = Run("project", "-f", Manifests(password: null), "--root", Root, "-o", "json");

        Assert.Equal(1, exit);
        var picked = Volumes(output).Single(v => v.Name == "picked");
        Assert.Equal("references non-existent secret key: password", picked.Error);
        Assert.False(picked.Changed);
        Assert.Equal("kept", File.ReadAllText(Path.Combine(Root, "picked", "auth", "password")));
        Assert.Null(Volumes(output).Single(v => v.Name == "all").Error);
        Assert.DoesNotContain("kept", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_secret_is_an_error_and_nothing_is_created_for_it()
    {
        var input = Write("pod.yaml", Pod);

        var (exit, output, _) = Run("project", "-f", input, "--root", Root);

        Assert.Equal(1, exit);
        Assert.Contains("error: FailedMount: secret \"db\" not found", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Root, "creds")));
    }

    [Fact]
    public void Mounts_tmpfs_when_root_and_refuses_clearly_otherwise()
    {
        var (exit, output, error) = Run("project", "-f", Manifests(password: "p"), "--root", Root, "--tmpfs", "-o", "json");
        if (System.Environment.UserName != "root")
        {
            Assert.Equal(2, exit);
            Assert.Contains("--tmpfs mounts with mount(2) and needs root", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Root));
            return;
        }

        try
        {
            Assert.Equal(0, exit);
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Where(f => f[4].StartsWith(Root, StringComparison.Ordinal)).ToList();
            Assert.Equal(3, mounts.Count);
            Assert.All(mounts, f => Assert.Equal("tmpfs", f[^3]));
            Assert.Equal("p", File.ReadAllText(Path.Combine(Root, "creds", "password")));
            Assert.All(Volumes(output), v => Assert.True(v.Changed));
        }
        finally
        {
            foreach (var volume in new[] { "creds", "picked", "all" })
            {
                using var umount = Process.Start("umount", Path.Combine(Root, volume));
                umount.WaitForExit();
            }
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Manifests(string? password)
    {
        var data = password is null ? "user: YWRtaW4=" : $"user: YWRtaW4=\n  password: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(password))}";
        return Write("input.yaml", $$"""
            {{Pod}}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: shop}
            data:
              {{data}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            data: {level: debug}
            """);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<(string Name, bool Changed, string? Error)> Volumes(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("volumes").EnumerateArray().Select(v => (v.GetProperty("name").GetString()!, v.GetProperty("changed").GetBoolean(), ErrorMessage(v.GetProperty("error"))))];
    }

    /// <summary>The message of an <c>"error"</c>, which is null or <c>{"reason", "message"}</c>.</summary>
    private static string? ErrorMessage(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Assert.Equal(["reason", "message"], error.EnumerateObject().Select(p => p.Name));
        return error.GetProperty("message").GetString();
    }

    private static ToolResult Run(params string[] args) => ToolProcess.Run(args);
}
