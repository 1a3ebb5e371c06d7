using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecretProjection.Model;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Linux.Volumes;
using SecretProjection.Testing.Api;
using Xunit.Abstractions;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>
/// Runs the built tool's <c>agent</c> verb as a process against a loopback API server in the test process: the real
/// KubernetesClient listing and watching <c>/api/v1/pods?fieldSelector=spec.nodeName=…</c>, real directories in the
/// kubelet's layout, real signals.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class AgentCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Node = "node-1";

    // Every secret value starts with it; it must never reach the tool's output.
    private const string Marker = "m4rker-";

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-agent-").FullName;
    private readonly LoopbackApiServer _server = LoopbackApiServer.Start();

    private string Kubeconfig => Path.Combine(_dir, "kubeconfig");

    private string Root => Path.Combine(_dir, "kubelet");

    public Task InitializeAsync()
    {
        _server.WriteKubeconfig(Kubeconfig, "default");
        _server.State.PutSecret(Secret("shop", "shared", 1));
        _server.State.PutSecret(Secret("shop", "own", 1));
        _server.State.PutJson("""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "shop"}, "data": {"level": "debug"}}""");
        PutPod("web", "uid-web", "shared");
        PutPod("api", "uid-api", "shared");
        PutPod("solo", "uid-solo", "own");
        PutPod("elsewhere", "uid-elsewhere", "shared", node: "node-2");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();

        // What --tmpfs mounted stays mounted when the agent stops, as the kubelet leaves it.
        foreach (var mount in TmpfsMountsUnder(_dir))
        {
            Tmpfs.Unmount(mount, lazily: true);
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Syncs_the_nodes_pods_rotates_a_shared_Secret_removes_deleted_and_ended_pods_adds_a_late_one_and_stops_on_SIGTERM()
    {
        await using var tool = Start();
        // Every volume's first write, so that none of them comes after the rotation below and is taken for one of it.
        foreach (var pod in new[] { "web", "api", "solo" })
        {
            foreach (var volume in new[] { "creds", "all", "cfg" })
            {
                await tool.WaitForLineAsync(l => l.Contains($"VolumeWritten shop/{pod} (uid-{pod}) {volume}: ..data -> ..", StringComparison.Ordinal));
            }
        }

        Assert.Equal(Marker + "1", File.ReadAllText(VolumeFile("web", "secret", "creds", "password")));
        Assert.Equal("debug", File.ReadAllText(VolumeFile("web", "configmap", "cfg", "level")));
        Assert.Equal(Marker + "1", File.ReadAllText(VolumeFile("api", "projected", "all", "password")));
        Assert.False(Directory.Exists(Path.Combine(Root, "pods", "uid-elsewhere")), "a pod of another node");
        await tool.WaitForErrorAsync($"Agent of node {Node}: volumes under {Path.Combine(Root, "pods")} (strategy watch, sync period 1m0s)");

        // A Secret shared by two pods rotates: both pods' volumes that read it are written again.
        var from = tool.StandardOutput.Count;
        _server.State.PutSecret(Secret("shop", "shared", 2));
        foreach (var pod in new[] { "web", "api" })
        {
            foreach (var volume in new[] { "creds", "all" })
            {
                var (line, _) = await tool.WaitForLineAsync(l => l.Contains($"VolumeWritten shop/{pod} (uid-{pod}) {volume}:", StringComparison.Ordinal), from);
                Assert.EndsWith("after Secret shop/shared changed", line, StringComparison.Ordinal);
            }

            await tool.WaitForLineAsync(l => l.Contains($"EnvDrift shop/{pod} (uid-{pod}): restart required: app (PASSWORD changed)", StringComparison.Ordinal), from);
        }

        Assert.Equal(Marker + "2", File.ReadAllText(VolumeFile("api", "secret", "creds", "password")));
        Assert.DoesNotContain(tool.StandardOutput.Skip(from), l => l.Contains("solo", StringComparison.Ordinal));

        // A pod deleted, and one that ends: their volumes and directories go; a foreign plugin's directory stays.
        Directory.CreateDirectory(Path.Combine(Root, "pods", "uid-solo", "volumes", "kubernetes.io~empty-dir", "scratch"));
        _server.State.Delete("Pod", "shop", "web");
        PutPod("solo", "uid-solo", "own", phase: "Succeeded");
        await tool.WaitForLineAsync(l => l.Contains("PodRemoved shop/web (uid-web): deleted", StringComparison.Ordinal));
        await tool.WaitForLineAsync(l => l.Contains("PodRemoved shop/solo (uid-solo): phase Succeeded", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Root, "pods", "uid-web")));
        Assert.Equal(["kubernetes.io~empty-dir"], Directory.GetDirectories(Path.Combine(Root, "pods", "uid-solo", "volumes")).Select(Path.GetFileName));
        Assert.True(File.Exists(VolumeFile("api", "secret", "creds", "password")));

        // A pod added later.
        PutPod("late", "uid-late", "own");
        await tool.WaitForLineAsync(l => l.Contains("VolumeWritten shop/late (uid-late) creds:", StringComparison.Ordinal));
        Assert.Equal(Marker + "1", File.ReadAllText(VolumeFile("late", "secret", "creds", "password")));

        tool.Signal(RunningTool.Terminate);
        Assert.True(await tool.WaitForExitAsync() == 0, tool.StandardError);
        await tool.WaitForErrorAsync("Stopped. The volumes stay under");
        Assert.True(File.Exists(VolumeFile("api", "secret", "creds", "password")), "SIGTERM leaves the volumes");
        AssertNoSecretValue(tool);
    }

    [Fact]
    public async Task At_start_a_stale_uid_is_removed_and_a_foreign_plugin_directory_stays()
    {
        var stale = Path.Combine(Root, "pods", "uid-crashed", "volumes");
        Directory.CreateDirectory(Path.Combine(stale, "kubernetes.io~secret", "creds", "..2026_01_01_00_00_00.1"));
        File.WriteAllText(Path.Combine(stale, "kubernetes.io~secret", "creds", "..2026_01_01_00_00_00.1", "password"), "old");
        Directory.CreateDirectory(Path.Combine(stale, "kubernetes.io~configmap", "cfg"));
        Directory.CreateDirectory(Path.Combine(Root, "pods", "uid-other", "volumes", "kubernetes.io~csi", "data"));

        await using var tool = Start("-o", "json");
        var removed = (await Events(tool, e => e.GetProperty("kind").GetString() == "PodRemoved", 1)).Single();
        await tool.WaitForLineAsync(l => l.Contains("\"VolumeWritten\",\"pod\":\"shop/solo\"", StringComparison.Ordinal));

        Assert.Equal(("uid-crashed", JsonValueKind.Null, $"not a live pod of node {Node}"), (removed.GetProperty("uid").GetString(), removed.GetProperty("pod").ValueKind, removed.GetProperty("message").GetString()));
        Assert.DoesNotContain(tool.StandardOutput, l => l.Contains("uid-other", StringComparison.Ordinal)); // nothing of the agent's in it
        Assert.False(Directory.Exists(Path.Combine(Root, "pods", "uid-crashed")));
        Assert.True(Directory.Exists(Path.Combine(Root, "pods", "uid-other", "volumes", "kubernetes.io~csi", "data")));
        var line = tool.StandardOutput.First(l => l.Contains("\"VolumeRemoved\"", StringComparison.Ordinal));
        Assert.Matches(JsonLine(), line);
        tool.Signal(RunningTool.Interrupt);
        Assert.True(await tool.WaitForExitAsync() == 0, tool.StandardError);
    }

    [Fact]
    public async Task Readyz_is_503_until_the_first_sync_then_200_and_healthz_is_200_while_it_runs()
    {
        // The API server answers 500 to the first lists: the agent runs (healthz) but is not ready until a list works.
        _server.State.FailNextRequests(1000);
        await using var tool = Start("--health-port", "0");
        await tool.WaitForErrorAsync("health on http://127.0.0.1:");
        var port = HealthPort().Match(tool.StandardError).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var live = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        var notReady = await http.GetAsync(new Uri("readyz", UriKind.Relative));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable), (live.StatusCode, notReady.StatusCode));
        Assert.Contains("not synced yet", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _server.State.FailNextRequests(0);
        await tool.WaitForLineAsync(l => l.Contains("VolumeWritten shop/solo (uid-solo) creds:", StringComparison.Ordinal));
        HttpResponseMessage ready;
        do
        {
            ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
        }
        while (ready.StatusCode != HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode);
        tool.Signal(RunningTool.Terminate);
        Assert.True(await tool.WaitForExitAsync() == 0, tool.StandardError);
    }

    [Fact]
    public async Task Dropped_watches_and_a_410_end_in_a_relist_that_finds_what_changed_meanwhile()
    {
        await using var tool = Start();
        await tool.WaitForLineAsync(l => l.Contains("VolumeWritten shop/solo (uid-solo) creds:", StringComparison.Ordinal));
        await _server.State.WaitForRequestsAsync(r => r.IsWatch && r.Path == "/api/v1/pods");

        // The history is compacted and every watch dropped: the pod watch resumes from a resourceVersion that is gone.
        _server.State.Delete("Pod", "shop", "api");
        _server.State.CompactHistory();
        _server.State.DropWatches();
        await tool.WaitForLineAsync(l => l.Contains("PodRemoved shop/api (uid-api): deleted", StringComparison.Ordinal));
        Assert.True(_server.State.Requests.Count(r => !r.IsWatch && r.Path == "/api/v1/pods") >= 1);
        Assert.False(Directory.Exists(Path.Combine(Root, "pods", "uid-api")));

        _server.State.PutSecret(Secret("shop", "own", 3));
        await tool.WaitForLineAsync(l => l.Contains("VolumeWritten shop/solo (uid-solo) creds:", StringComparison.Ordinal) && l.EndsWith("after Secret shop/own changed", StringComparison.Ordinal));
        tool.Signal(RunningTool.Terminate);
        Assert.True(await tool.WaitForExitAsync() == 0, tool.StandardError);
    }

    [Fact]
    public async Task With_tmpfs_secret_projected_and_downwardAPI_volumes_are_tmpfs_mounts_configMap_ones_are_not_and_a_deleted_pod_is_unmounted()
    {
        if (!Tmpfs.CanMount)
        {
            output.WriteLine("not root: --tmpfs mounts with mount(2), which needs CAP_SYS_ADMIN; CI runs this as root");
            return;
        }

        _server.State.PutJson("""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "mem", "namespace": "shop", "uid": "uid-mem"},
             "spec": {
               "nodeName": "node-1",
               "containers": [{"name": "app", "image": "app"}],
               "volumes": [
                 {"name": "creds", "secret": {"secretName": "own"}},
                 {"name": "cfg", "configMap": {"name": "settings"}},
                 {"name": "all", "projected": {"sources": [{"secret": {"name": "own"}}]}},
                 {"name": "info", "downwardAPI": {"items": [{"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}}]},
             "status": {"phase": "Running"} }
            """);
        await using var tool = Start("--tmpfs");
        foreach (var volume in new[] { "creds", "cfg", "all", "info" })
        {
            await tool.WaitForLineAsync(l => l.Contains($"VolumeWritten shop/mem (uid-mem) {volume}: ..data -> ..", StringComparison.Ordinal));
        }

        var mem = Path.Combine(Root, "pods", "uid-mem", "volumes");
        var mounts = TmpfsMountsUnder(mem);
        output.WriteLine("tmpfs mounts of uid-mem: " + string.Join(", ", mounts.Select(m => Path.GetRelativePath(mem, m))));
        Assert.Equal(
            [Path.Combine(mem, "kubernetes.io~downward-api", "info"), Path.Combine(mem, "kubernetes.io~projected", "all"), Path.Combine(mem, "kubernetes.io~secret", "creds")],
            mounts.Order(StringComparer.Ordinal));
        Assert.Equal((Marker + "1", "mem"), (File.ReadAllText(VolumeFile("mem", "secret", "creds", "password")), File.ReadAllText(VolumeFile("mem", "downward-api", "info", "name"))));
        Assert.Equal("debug", File.ReadAllText(VolumeFile("mem", "configmap", "cfg", "level")));
        await tool.WaitForErrorAsync(", tmpfs)");

        var from = tool.StandardOutput.Count;
        _server.State.Delete("Pod", "shop", "mem");
        await tool.WaitForLineAsync(l => l.Contains("PodRemoved shop/mem (uid-mem): deleted", StringComparison.Ordinal), from);

        var removed = tool.StandardOutput.Skip(from)
            .Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..].TrimStart()) // after the time
            .Where(l => l.StartsWith("VolumeRemoved shop/mem (uid-mem) ", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "VolumeRemoved shop/mem (uid-mem) all: kubernetes.io~projected, tmpfs unmounted",
                "VolumeRemoved shop/mem (uid-mem) cfg: kubernetes.io~configmap",
                "VolumeRemoved shop/mem (uid-mem) creds: kubernetes.io~secret, tmpfs unmounted",
                "VolumeRemoved shop/mem (uid-mem) info: kubernetes.io~downward-api, tmpfs unmounted",
            ],
            removed);
        Assert.Empty(TmpfsMountsUnder(mem));
        Assert.False(Directory.Exists(Path.Combine(Root, "pods", "uid-mem")));
        Assert.NotEmpty(TmpfsMountsUnder(Path.Combine(Root, "pods", "uid-solo"))); // the other pods keep theirs

        tool.Signal(RunningTool.Terminate);
        Assert.True(await tool.WaitForExitAsync() == 0, tool.StandardError);
        AssertNoSecretValue(tool);
    }

    [Fact]
    public void Without_a_cluster_to_talk_to_it_is_bad_input()
    {
        var result = ToolProcess.Run(["agent", "--node", Node, "--root", Root, "--kubeconfig", Path.Combine(_dir, "missing")], standardInput: null);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("secretprojection: kubeconfig ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [GeneratedRegex("""^\{"kind":"VolumeRemoved","pod":null,"uid":"uid-crashed","volume":"(creds|cfg)","message":"kubernetes\.io~(secret|configmap)","time":"[0-9T:.Z-]+"\}$""")]
    private static partial Regex JsonLine();

    [GeneratedRegex(@"health on http://127\.0\.0\.1:(\d+)/healthz")]
    private static partial Regex HealthPort();

    /// <summary>The tmpfs mount points at or below <paramref name="directory"/>, from <c>/proc/self/mountinfo</c> (the tool shares the test's mount namespace).</summary>
    private static List<string> TmpfsMountsUnder(string directory) =>
        [.. File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f[^3] == "tmpfs" && (f[4] == directory || f[4].StartsWith(directory + "/", StringComparison.Ordinal)))
            .Select(f => f[4])];

    private static Secret Secret(string ns, string name, int version) => new()
    {
        Namespace = ns,
        Name = name,
        Data = DataMap.FromStrings([KeyValuePair.Create("password", Marker + version)]),
    };

    private static async Task<List<JsonElement>> Events(RunningTool tool, Func<JsonElement, bool> match, int count)
    {
        var found = new List<JsonElement>();
        var from = 0;
        while (found.Count < count)
        {
            var (line, index) = await tool.WaitForLineAsync(_ => true, from);
            from = index + 1;
            var e = JsonDocument.Parse(line).RootElement;
            if (match(e))
            {
                found.Add(e);
            }
        }

        return found;
    }

    private static void AssertNoSecretValue(RunningTool tool)
    {
        Assert.DoesNotContain(Marker, string.Join('\n', tool.StandardOutput), StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, tool.StandardError, StringComparison.Ordinal);
    }

    private RunningTool Start(params string[] more) =>
        RunningTool.Start(["agent", "--node", Node, "--root", Root, "--kubeconfig", Kubeconfig, .. more]);

    private string VolumeFile(string pod, string plugin, string volume, string file) =>
        Path.Combine(Root, "pods", "uid-" + pod, "volumes", "kubernetes.io~" + plugin, volume, file);

    private void PutPod(string name, string uid, string secret, string node = Node, string phase = "Running") => _server.State.PutJson($$$"""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "{{{name}}}", "namespace": "shop", "uid": "{{{uid}}}"},
         "spec": {
           "nodeName": "{{{node}}}",
           "containers": [{"name": "app", "image": "app",
                           "env": [{"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "{{{secret}}}", "key": "password"} } }]}],
           "volumes": [
             {"name": "creds", "secret": {"secretName": "{{{secret}}}"}},
             {"name": "cfg", "configMap": {"name": "settings"}},
             {"name": "all", "projected": {"sources": [
               {"secret": {"name": "{{{secret}}}", "items": [{"key": "password", "path": "password"}]}},
               {"configMap": {"name": "settings"} }]} },
             {"name": "scratch", "emptyDir": {} }]},
         "status": {"phase": "{{{phase}}}"} }
        """);
}
