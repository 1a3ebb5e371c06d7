using System.Diagnostics;
using System.Text.Json;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>Runs the built tool's <c>plan</c> verb as a process on the bundled samples.</summary>
public class PlanCommandTests
{
    private const string Pod = "samples/manifests/pod.yaml";
    private const string Secrets = "samples/manifests/app-secrets.yaml";

    [Fact]
    public async Task Plans_the_sample_pod_as_JSON()
    {
        var (exit, stdout, stderr) = await RunAsync("plan", "-f", Pod, "-f", Secrets, "-o", "json");

        Assert.True(exit == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal("shop/web", root.GetProperty("pod").GetString());
        var volumes = root.GetProperty("volumes").EnumerateArray().ToArray();
        Assert.Equal(["db", "certs", "all-in-one"], volumes.Select(v => v.GetProperty("name").GetString()));
        Assert.All(volumes, v => Assert.Equal(JsonValueKind.Null, v.GetProperty("error").ValueKind));

        var db = volumes[0].GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal(["auth/password", "user"], db.Select(f => f.GetProperty("path").GetString()));
        var user = db[1];
        Assert.Equal("0440", user.GetProperty("mode").GetString());
        Assert.Equal("0400", user.GetProperty("requestedMode").GetString());
        Assert.Equal(3, user.GetProperty("size").GetInt32());
        Assert.Equal("db-credentials/username", user.GetProperty("source").GetString());
        Assert.Equal(2000, user.GetProperty("group").GetInt64());
        Assert.Contains("kubernetes/kubernetes#57923", user.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.True(volumes[1].GetProperty("neverChanges").GetBoolean());

        var mounts = root.GetProperty("mounts").EnumerateArray().ToArray();
        var certs = Assert.Single(mounts, m => m.GetProperty("volume").GetString() == "certs");
        Assert.Equal("tls.crt", certs.GetProperty("subPath").GetString());
        Assert.False(certs.GetProperty("receivesUpdates").GetBoolean());
        Assert.Contains("kubernetes/kubernetes#50345", certs.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.All(mounts.Where(m => m.GetProperty("subPath").GetString() == string.Empty), m => Assert.True(m.GetProperty("receivesUpdates").GetBoolean()));

        AssertNoSecretValues(stdout);
    }

    [Fact]
    public async Task Prints_a_table_for_people_without_secret_values()
    {
        var (exit, stdout, _) = await RunAsync("plan", "-f", Pod, "-f", Secrets);

        Assert.Equal(0, exit);
        Assert.Contains("PATH            MODE   SIZE   SOURCE                    OWNER    WARNINGS", stdout, StringComparison.Ordinal);
        Assert.Contains("user            0440   3      db-credentials/username   0:2000   mode 0400 is 0440", stdout, StringComparison.Ordinal);
        Assert.Contains("Volume certs (secret), never changes", stdout, StringComparison.Ordinal);
        Assert.Matches(@"app\s+certs\s+/etc/tls/tls.crt\s+tls.crt\s+never\s+subPath mounts never receive updates", stdout);
        AssertNoSecretValues(stdout);
    }

    [Fact]
    public async Task Exits_1_with_the_plan_when_a_volume_cannot_be_set_up()
    {
        var (exit, stdout, _) = await RunAsync("plan", "-f", Pod, "-o", "json");

        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(stdout);
        var db = document.RootElement.GetProperty("volumes")[0];
        Assert.Equal("secret \"db-credentials\" not found", db.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("FailedMount", db.GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal("spec.volumes[0].secret.secretName", db.GetProperty("error").GetProperty("causes")[0].GetProperty("field").GetString());
        Assert.Empty(db.GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task Exits_2_naming_the_file_when_the_input_holds_no_pod()
    {
        var (exit, stdout, stderr) = await RunAsync("plan", "-f", Secrets);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("no pod or workload in " + Secrets, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_2_when_the_input_holds_two_pods()
    {
        var (exit, _, stderr) = await RunAsync("plan", "-f", Pod, "-f", Pod);

        Assert.Equal(2, exit);
        Assert.Contains("holds 2 pods and workloads", stderr, StringComparison.Ordinal);
    }

    private static void AssertNoSecretValues(string output)
    {
        foreach (var value in new[] { "s3cr3t-v1", "token-123", "BEGIN CERTIFICATE" })
        {
            Assert.DoesNotContain(value, output, StringComparison.Ordinal);
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SecretProjection.Tool.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Pod)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository's samples are not above the test output.");
    }
}
