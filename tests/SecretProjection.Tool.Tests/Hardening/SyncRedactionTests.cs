using System.Runtime.Versioning;
using System.Text.Json;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;
using SecretProjection.TestSupport;
using Xunit.Abstractions;
using static SecretProjection.Tool.Tests.Hardening.ChangeDetectionInputs;
using static SecretProjection.Tool.Tests.Hardening.Redaction;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// The built tool's <c>sync</c>, as a process, against a loopback API server in the test process whose Secrets hold
/// the marker: through the initial projection, a watch broken in the middle of an event that holds the marker (the
/// back-off notes on standard error), and one rotation that changes a value and deletes a key (a volume written,
/// one failed, environment drift), to SIGTERM. Neither output shows the marker; the projected files hold it.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SyncRedactionTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-redaction-sync-").FullName;
    private readonly LoopbackApiServer _server = LoopbackApiServer.Start();

    public SyncRedactionTests(ITestOutputHelper output) => _output = FigureLog.For<SyncRedactionTests>(output);

    private string Kubeconfig => Path.Combine(_dir, "kubeconfig");

    private string Root => Path.Combine(_dir, "volumes");

    public Task InitializeAsync()
    {
        _server.State.PutSecret(Db());
        _server.State.PutSecret(Frozen);
        _server.State.PutConfigMap(Settings());
        _server.State.PutJson(PodJson);
        _server.WriteKubeconfig(Kubeconfig, Namespace);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task Sync_prints_writes_failures_drift_and_watch_notes_without_the_marker(string format)
    {
        var json = format == "json";
        await using var tool = RunningTool.Start(["sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root, .. json ? new[] { "-o", "json" } : []]);
        foreach (var volume in Volumes)
        {
            await tool.WaitForLineAsync(l => Is(l, json, volume, volume == "missing" ? "failed" : "written", "initial"));
        }

        // Half of the rotated Secret's event, then a broken connection, until the tool notes the watch's trouble.
        _server.State.CloseWatchesAfter(0, midEvent: true);
        _server.State.PutSecret(Db(Rotated(2), withToken: false));
        await tool.WaitForErrorAsync("Secret shop/db");
        _server.State.CloseWatchesAfter(null);

        await tool.WaitForLineAsync(l => Is(l, json, "creds", "written", "change"));
        await tool.WaitForLineAsync(l => Is(l, json, "picked", "failed", "change"));
        await tool.WaitForLineAsync(l => json ? Parse(l).GetProperty("event").GetString() == "envDrift" : l.Contains("restart required: container app cannot start again", StringComparison.Ordinal));
        tool.Signal(RunningTool.Terminate);
        Assert.Equal(0, await tool.WaitForExitAsync());

        var stdout = tool.StandardOutput;
        var stderr = tool.StandardError;
        AssertHidden($"sync {format}: standard output", string.Join('\n', stdout));
        AssertHidden($"sync {format}: standard error", stderr);

        // The test would see the marker: the projected files hold it.
        Assert.Equal(Rotated(2), File.ReadAllText(Path.Combine(Root, "creds", "password")));
        Assert.Equal(Marker, File.ReadAllText(Path.Combine(Root, "frozen", "key")));
        Assert.Equal(Shifted, File.ReadAllText(Path.Combine(Root, "picked", "auth", "token"))); // the failed volume keeps its contents
        Assert.False(File.Exists(Path.Combine(Root, "creds", "token")));
        var notes = stderr.Split('\n').Count(l => l.StartsWith("secretprojection: ", StringComparison.Ordinal));
        _output.WriteLine($"sync {format}: stdout lines={stdout.Count} stderr lines={stderr.Split('\n').Length} (log notes={notes}): no marker; the projected files hold it");
    }

    /// <summary>Whether the line reports that event of the volume with that trigger.</summary>
    private static bool Is(string line, bool json, string volume, string kind, string trigger)
    {
        if (json)
        {
            var e = Parse(line);
            return e.GetProperty("volume").GetString() == volume && e.GetProperty("event").GetString() == kind && e.GetProperty("trigger").GetString() == trigger;
        }

        var cause = trigger switch
        {
            "initial" => "(initial sync)",
            "change" => "after Secret shop/db changed",
            _ => "(" + trigger + ")",
        };
        return line.Contains($"volume {volume} {kind}", StringComparison.Ordinal) && line.EndsWith(cause, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
