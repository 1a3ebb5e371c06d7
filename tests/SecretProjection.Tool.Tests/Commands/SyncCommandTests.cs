using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using SecretProjection.Model;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>
/// Runs the built tool's <c>sync</c> verb as a process against a loopback API server in the test process: the
/// real KubernetesClient in the tool, the API server's wire protocol, real files and rename(2).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SyncCommandTests : IAsyncLifetime
{
    // Every secret value starts with it; it must never reach the tool's output.
    private const string Marker = "m4rker-";

    private const string Pod = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "NS"},
         "spec": {
           "containers": [{"name": "app", "image": "app",
                           "env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}],
           "volumes": [
             {"name": "creds", "secret": {"secretName": "db"}},
             {"name": "all", "projected": {"sources": [
               {"secret": {"name": "db", "items": [{"key": "user", "path": "user"}]}},
               {"configMap": {"name": "settings"}}]}}]}}
        """;

    private const string LabelledPod = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "labelled", "namespace": "shop", "labels": {"app": "APP"}},
         "spec": {
           "containers": [{"name": "app", "image": "app"}],
           "volumes": [
             {"name": "podinfo", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
             {"name": "creds", "secret": {"secretName": "db"}}]}}
        """;

    private const string Settings = """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "NS"}, "data": {"level": "debug"}}""";

    private static readonly string[] Volumes = ["creds", "all"];

    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-sync-").FullName;
    private readonly LoopbackApiServer _server = LoopbackApiServer.Start();

    public SyncCommandTests(ITestOutputHelper output) => _output = FigureLog.For<SyncCommandTests>(output);

    private string Kubeconfig => Path.Combine(_dir, "kubeconfig");

    private string Root => Path.Combine(_dir, "volumes");

    public Task InitializeAsync()
    {
        PutPod("shop");
        _server.WriteKubeconfig(Kubeconfig, "shop");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Projects_the_volumes_then_each_rotation_arrives_through_the_link_and_as_a_line()
    {
        // No --namespace: the kubeconfig context's (shop).
        await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root);
        foreach (var volume in Volumes)
        {
            await tool.WaitForLineAsync(l => l.Contains($"volume {volume} written: ..data -> ..", StringComparison.Ordinal) && l.EndsWith("(initial sync)", StringComparison.Ordinal));
        }

        Assert.Equal(Marker + "1", File.ReadAllText(Path.Combine(Root, "creds", "password")));
        Assert.Equal("..data/password", new FileInfo(Path.Combine(Root, "creds", "password")).LinkTarget);
        Assert.Equal("debug", File.ReadAllText(Path.Combine(Root, "all", "level")));
        await tool.WaitForErrorAsync("Syncing pod shop/web into " + Root + " (strategy watch, sync period 1m0s)");

        var times = new List<double>();
        for (var version = 2; version <= 6; version++)
        {
            // A change within a second of the volume's last projection waits for the second's end (the sync's
            // MinProjectionInterval): let it pass, so that each rotation measures an isolated change.
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            var from = tool.StandardOutput.Count;
            var clock = Stopwatch.StartNew();
            _server.State.PutSecret(Db("shop", version));
            await WaitForContentAsync(Path.Combine(Root, "creds", "password"), Marker + version);
            times.Add(clock.Elapsed.TotalMilliseconds);

            var (line, _) = await tool.WaitForLineAsync(l => l.Contains("volume creds written", StringComparison.Ordinal), from);
            Assert.EndsWith("after Secret shop/db changed", line, StringComparison.Ordinal);
            Assert.Contains("..data -> " + new FileInfo(Path.Combine(Root, "creds", "..data")).LinkTarget, line, StringComparison.Ordinal);
        }

        await tool.WaitForLineAsync(l => l.Contains("restart required: container app: DB_PASSWORD changed after Secret shop/db changed", StringComparison.Ordinal));
        Assert.DoesNotContain(tool.StandardOutput, l => l.Contains("volume all written", StringComparison.Ordinal) && !l.EndsWith("(initial sync)", StringComparison.Ordinal) && !l.Contains("Secret shop/db", StringComparison.Ordinal));
        times.Sort();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watch: PutSecret to the new bytes through {Root}/creds/password, {times.Count} rotations: median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms ({string.Join(", ", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))})"));

        tool.Signal(RunningTool.Terminate);
        Assert.Equal(0, await tool.WaitForExitAsync());
        AssertNoSecretValue(tool);
    }

    [Fact]
    public async Task Json_lines_parse_and_report_a_failure_with_its_message_and_the_recovery()
    {
        await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--namespace", "shop", "--pod", "web", "--root", Root, "-o", "json");
        var initial = await Events(tool, e => e.GetProperty("trigger").GetString() == "initial", count: 2);
        Assert.Equal(["creds", "all"], initial.Select(e => e.GetProperty("volume").GetString()));
        foreach (var e in initial)
        {
            Assert.Equal("written", e.GetProperty("event").GetString());
            Assert.Equal("shop/web", e.GetProperty("pod").GetString());
            Assert.Equal(Path.Combine(Root, e.GetProperty("volume").GetString()!), e.GetProperty("path").GetString());
            Assert.Equal(new FileInfo(Path.Combine(Root, e.GetProperty("volume").GetString()!, "..data")).LinkTarget, e.GetProperty("generation").GetString());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("error").ValueKind);
            Assert.Empty(e.GetProperty("changed").EnumerateArray());
            Assert.True(DateTimeOffset.TryParse(e.GetProperty("time").GetString(), CultureInfo.InvariantCulture, out _));
        }

        _server.State.Delete("Secret", "shop", "db");
        var failed = (await Events(tool, e => e.GetProperty("event").GetString() == "failed" && e.GetProperty("volume").GetString() == "creds", count: 1))[0];
        Assert.Equal("FailedMount", failed.GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal("secret \"db\" not found", failed.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("generation").ValueKind);
        var drift = (await Events(tool, e => e.GetProperty("event").GetString() == "envDrift", count: 1))[0];
        var container = drift.GetProperty("containers").EnumerateArray().Single();
        Assert.Equal("app", container.GetProperty("name").GetString());
        Assert.Equal("secret \"db\" not found", container.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(Marker + "1", File.ReadAllText(Path.Combine(Root, "creds", "password"))); // kept

        // The same data again: the volume already holds it; "unchanged" is printed because it follows a failure.
        _server.State.PutSecret(Db("shop", 1));
        var recovered = (await Events(tool, e => e.GetProperty("event").GetString() == "unchanged" && e.GetProperty("volume").GetString() == "creds", count: 1))[0];
        Assert.Equal(initial[0].GetProperty("generation").GetString(), recovered.GetProperty("generation").GetString());
        var cleared = await Events(tool, e => e.GetProperty("event").GetString() == "envDrift", count: 2);
        Assert.Empty(cleared[1].GetProperty("containers").EnumerateArray());

        tool.Signal(RunningTool.Terminate);
        Assert.Equal(0, await tool.WaitForExitAsync());
        foreach (var line in tool.StandardOutput)
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(
                ["time", "pod", "event", "volume", "path", "trigger", "changed", "generation", "error"],
                document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "containers"));
        }

        AssertNoSecretValue(tool);
    }

    [Fact]
    public async Task A_label_change_rewrites_the_downwardAPI_file_and_the_pods_deletion_ends_the_sync_with_exit_0()
    {
        _server.State.PutJson(LabelledPod.Replace("APP", "web", StringComparison.Ordinal));
        await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--pod", "labelled", "--root", Root, "-o", "json");
        var initial = await Events(tool, e => e.GetProperty("trigger").GetString() == "initial", count: 2);
        Assert.Equal("app=\"web\"", File.ReadAllText(Path.Combine(Root, "podinfo", "labels")));
        await _server.State.WaitForWatchAsync("Pod", "shop", "labelled");

        _server.State.PutJson(LabelledPod.Replace("APP", "shop", StringComparison.Ordinal)); // kubectl label --overwrite
        var rewritten = (await Events(tool, e => e.GetProperty("trigger").GetString() == "podUpdate", count: 1))[0];
        Assert.Equal(("written", "podinfo"), (rewritten.GetProperty("event").GetString(), rewritten.GetProperty("volume").GetString()));
        Assert.NotEqual(initial[0].GetProperty("generation").GetString(), rewritten.GetProperty("generation").GetString());
        Assert.Equal("app=\"shop\"", File.ReadAllText(Path.Combine(Root, "podinfo", "labels")));

        _server.State.Delete("Pod", "shop", "labelled");
        var deleted = (await Events(tool, e => e.GetProperty("event").GetString() == "podDeleted", count: 1))[0];
        Assert.Equal(("podUpdate", JsonValueKind.Null), (deleted.GetProperty("trigger").GetString(), deleted.GetProperty("volume").ValueKind));
        Assert.Equal(0, await tool.WaitForExitAsync());
        await tool.WaitForErrorAsync("Stopped: the pod was deleted. The volumes stay in " + Root);
        Assert.Equal( // nothing for creds beyond its initial write
            [("written", "podinfo"), ("written", "creds"), ("written", "podinfo"), ("podDeleted", null)],
            tool.StandardOutput.Select(Parse).Select(e => (e.GetProperty("event").GetString(), e.GetProperty("volume").GetString())));
        Assert.Equal("app=\"shop\"", File.ReadAllText(Path.Combine(Root, "podinfo", "labels")));
        AssertNoSecretValue(tool);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("ttl")]
    public async Task Get_and_ttl_pick_up_a_change_at_the_periodic_sync(string strategy)
    {
        string[] ttl = strategy == "ttl" ? ["--ttl", "1s"] : [];
        await using var tool = RunningTool.Start(["sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root, "--strategy", strategy, .. ttl, "--sync-period", "1s", "-o", "json"]);
        await Events(tool, e => e.GetProperty("trigger").GetString() == "initial", count: 2);

        var clock = Stopwatch.StartNew();
        _server.State.PutSecret(Db("shop", 2));
        await WaitForContentAsync(Path.Combine(Root, "creds", "password"), Marker + "2");
        var elapsed = clock.Elapsed;
        var written = (await Events(tool, e => e.GetProperty("event").GetString() == "written" && e.GetProperty("volume").GetString() == "creds" && e.GetProperty("trigger").GetString() != "initial", count: 1))[0];

        // No watch: nothing reports the change; the periodic sync reads it (at once under get, once the TTL has
        // run out under ttl).
        Assert.Equal("periodic", written.GetProperty("trigger").GetString());
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{strategy} {string.Join(' ', ttl)} --sync-period 1s: PutSecret to the new bytes through the link in {elapsed.TotalMilliseconds:F0} ms"));

        tool.Signal(RunningTool.Terminate);
        Assert.Equal(0, await tool.WaitForExitAsync());
        AssertNoSecretValue(tool);
    }

    // The docs' projected volume with a serviceAccountToken source: the token by TokenRequest, the unset CPU limit from
    // the pod's Node, through the services AddKubernetesSources registers. The token is never printed.
    [Fact]
    public async Task Projects_the_docs_projected_volume_in_full_with_a_token_from_the_api_server()
    {
        foreach (var item in k8s.KubernetesYaml.LoadAllFromString(File.ReadAllText(ToolProcess.Sample("manifests/projected/all-in-one.yaml"))))
        {
            _server.State.PutJson(k8s.KubernetesJson.Serialize(item));
        }

        await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--namespace", "default", "--pod", "volume-test", "--root", Root);
        await tool.WaitForLineAsync(l => l.Contains("volume all-in-one written: ..data -> ..", StringComparison.Ordinal));

        var volume = Path.Combine(Root, "all-in-one");
        var issued = Assert.Single(_server.State.IssuedTokens);
        Assert.Equal(issued.Token, File.ReadAllText(Path.Combine(volume, "token")));
        Assert.Equal(("volume-test", "4", "admin", "log-level=info"), (issued.BoundObjectName, File.ReadAllText(Path.Combine(volume, "cpu_limit")), File.ReadAllText(Path.Combine(volume, "my-group/my-username")), File.ReadAllText(Path.Combine(volume, "my-group/my-config"))));
        Assert.Equal("app=\"volume-test\"", File.ReadAllText(Path.Combine(volume, "labels")));
        Assert.DoesNotContain(issued.Token, string.Join("\n", tool.StandardOutput), StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Token, tool.StandardError, StringComparison.Ordinal);
    }

    // What has no flag comes from SECRETPROJECTION_ environment variables, by the options' paths; a flag wins.
    [Theory]
    [InlineData(null, "sync period 7s")]
    [InlineData("3s", "sync period 3s")]
    public async Task Options_come_from_the_environment_under_the_flags(string? flag, string expected)
    {
        string[] period = flag is null ? [] : ["--sync-period", flag];
        await using var tool = RunningTool.Start(
            ["sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root, .. period],
            new Dictionary<string, string> { ["SECRETPROJECTION_Sync__SyncPeriod"] = "00:00:07" });
        await tool.WaitForErrorAsync("Syncing pod ");

        Assert.Contains($"(strategy watch, {expected})", tool.StandardError, StringComparison.Ordinal);
        tool.Signal(RunningTool.Terminate);
        Assert.Equal(0, await tool.WaitForExitAsync());
    }

    [Theory]
    [InlineData("SECRETPROJECTION_Objects__SyncTimeout", "soon", "secretprojection: SECRETPROJECTION_ environment variables: Failed to convert configuration value 'soon' at 'Objects:SyncTimeout' to type 'System.TimeSpan'.")]
    [InlineData("SECRETPROJECTION_Sync__SyncPeriod", "-00:00:01", "secretprojection: --sync-period: ")]
    public void A_bad_option_in_the_environment_exits_2_with_one_line_and_writes_nothing(string name, string value, string expected)
    {
        var (exit, stdout, stderr) = ToolProcess.Run(["sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root], standardInput: null, environment: new Dictionary<string, string?> { [name] = value });

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(Root));
    }

    [Fact]
    public void A_pod_that_does_not_exist_exits_2_with_the_api_servers_words_and_writes_nothing()
    {
        var (exit, stdout, stderr) = ToolProcess.Run("sync", "--kubeconfig", Kubeconfig, "--pod", "nope", "--root", Root);

        Assert.Equal(2, exit);
        Assert.Equal("secretprojection: pods \"nope\" not found", stderr.Trim());
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(Root));
    }

    [Theory]
    [InlineData(null, "kubeconfig file not found at")]
    [InlineData("clusters: [\n", "While parsing a node, did not find expected node content")]
    [InlineData("apiVersion: v1\nkind: Config\n", "Cannot infer server host url")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\ncurrent-context: gone\n", "CurrentContext: gone not found in contexts")]
    public void An_unreadable_kubeconfig_exits_2_with_one_line_and_writes_nothing(string? content, string expected)
    {
        var path = Path.Combine(_dir, "bad-kubeconfig");
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var (exit, stdout, stderr) = ToolProcess.Run("sync", "--kubeconfig", path, "--pod", "web", "--root", Root);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.StartsWith("secretprojection: kubeconfig", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(Root));
    }

    [Fact]
    public async Task An_api_server_that_cannot_be_reached_at_start_exits_2()
    {
        await _server.StopAsync();

        var (exit, _, stderr) = ToolProcess.Run("sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root);

        Assert.Equal(2, exit);
        Assert.StartsWith("secretprojection: get pods web: Connection refused", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Root));
    }

    [Theory]
    [InlineData("invalid argument \"60\" for \"--ttl\" flag: time: missing unit in duration \"60\"", "--strategy", "ttl", "--ttl", "60")]
    [InlineData("invalid argument \"1d\" for \"--sync-period\" flag: time: unknown unit \"d\" in duration \"1d\"", "--sync-period", "1d")]
    [InlineData("--ttl: Objects.Ttl must not be negative; it is -00:00:01.", "--strategy", "ttl", "--ttl", "-1s")]
    [InlineData("--sync-period: Sync.SyncPeriod must be positive; it is 00:00:00.", "--sync-period", "0s")]
    [InlineData("--ttl applies to --strategy ttl only", "--ttl", "1s")]
    [InlineData("--strategy must be 'watch', 'ttl' or 'get', not 'cache'.", "--strategy", "cache")]
    public void Bad_options_exit_2_naming_the_option(string expected, params string[] options)
    {
        var (exit, _, stderr) = ToolProcess.Run(["sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root, .. options], standardInput: null);

        Assert.Equal(2, exit);
        Assert.Equal("secretprojection: " + expected, stderr.Split('\n')[0]);
        Assert.False(Directory.Exists(Root));
    }

    [Theory]
    [InlineData(RunningTool.Terminate)]
    [InlineData(RunningTool.Interrupt)]
    public async Task A_signal_stops_it_with_exit_0_and_every_volume_holds_one_whole_generation(int signal)
    {
        await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root);
        await tool.WaitForLineAsync(l => l.Contains("volume all written", StringComparison.Ordinal));

        // The signal lands while the change is on its way or being written.
        _server.State.PutSecret(Db("shop", 2));
        tool.Signal(signal);

        Assert.Equal(0, await tool.WaitForExitAsync());
        Assert.Contains("Stopped. The volumes stay in " + Root, tool.StandardError, StringComparison.Ordinal);
        foreach (var volume in Volumes)
        {
            var directory = Path.Combine(Root, volume);
            var generation = new FileInfo(Path.Combine(directory, "..data")).LinkTarget!;
            var names = Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).ToList();
            Assert.Equal([generation], names.Where(n => n!.StartsWith("..", StringComparison.Ordinal) && n != "..data"));
            Assert.All(names.Where(n => !n!.StartsWith("..", StringComparison.Ordinal)), n => Assert.True(File.Exists(Path.Combine(directory, n!)), $"{volume}/{n} does not resolve"));
        }

        Assert.Contains(File.ReadAllText(Path.Combine(Root, "creds", "password")), new[] { Marker + "1", Marker + "2" });
        AssertNoSecretValue(tool);
    }

    [Fact]
    public async Task Survives_the_api_server_restarting_and_a_later_change_still_arrives()
    {
        await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root);
        await tool.WaitForLineAsync(l => l.Contains("volume all written", StringComparison.Ordinal));

        await _server.StopAsync();
        await tool.WaitForErrorAsync("backing off"); // the watch says it cannot reach the server, and keeps trying
        await _server.RestartAsync();
        var clock = Stopwatch.StartNew();
        _server.State.PutSecret(Db("shop", 2));
        await WaitForContentAsync(Path.Combine(Root, "creds", "password"), Marker + "2");
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after the restart: PutSecret to the new bytes in {clock.Elapsed.TotalMilliseconds:F0} ms (the watch's back-off included)"));
        await tool.WaitForLineAsync(l => l.Contains("volume creds written", StringComparison.Ordinal) && l.EndsWith("after Secret shop/db changed", StringComparison.Ordinal));

        tool.Signal(RunningTool.Terminate);
        Assert.Equal(0, await tool.WaitForExitAsync());
        AssertNoSecretValue(tool);
    }

    [Fact]
    public async Task Without_a_namespace_in_the_context_the_pod_is_read_from_default()
    {
        PutPod("default");
        File.WriteAllText(Kubeconfig, string.Join('\n', _server.CreateKubeconfig().Split('\n').Where(l => !l.Contains("namespace:", StringComparison.Ordinal))));

        await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root, "-o", "json");
        var first = (await Events(tool, _ => true, count: 1))[0];

        Assert.Equal("default/web", first.GetProperty("pod").GetString());
        tool.Signal(RunningTool.Terminate);
        Assert.Equal(0, await tool.WaitForExitAsync());
    }

    [Fact]
    public async Task With_tmpfs_each_volume_is_mounted_and_stays_mounted_after_a_stop()
    {
        if (!System.Environment.IsPrivilegedProcess)
        {
            var (exit, _, stderr) = ToolProcess.Run("sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root, "--tmpfs");
            Assert.Equal(2, exit);
            Assert.Contains("--tmpfs mounts with mount(2) and needs root", stderr, StringComparison.Ordinal);
            _output.WriteLine("not root: only the refusal of --tmpfs is checked; mounting needs root");
            return;
        }

        try
        {
            await using var tool = RunningTool.Start("sync", "--kubeconfig", Kubeconfig, "--pod", "web", "--root", Root, "--tmpfs");
            await tool.WaitForLineAsync(l => l.Contains("volume all written", StringComparison.Ordinal));
            tool.Signal(RunningTool.Terminate);

            Assert.Equal(0, await tool.WaitForExitAsync());
            Assert.Contains("each still mounted as tmpfs", tool.StandardError, StringComparison.Ordinal);
            Assert.Equal(Volumes.Order(StringComparer.Ordinal), TmpfsMounts().Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(Marker + "1", File.ReadAllText(Path.Combine(Root, "creds", "password")));
        }
        finally
        {
            foreach (var mount in TmpfsMounts())
            {
                using var umount = Process.Start("umount", mount);
                umount.WaitForExit();
            }
        }
    }

    private static Secret Db(string @namespace, int version) => new()
    {
        Name = "db",
        Namespace = @namespace,
        Data = DataMap.FromStrings([KeyValuePair.Create("user", "admin"), KeyValuePair.Create("password", Marker + version)]),
    };

    /// <summary>Reads the JSON lines from the start until <paramref name="count"/> of them match.</summary>
    private static async Task<List<JsonElement>> Events(RunningTool tool, Func<JsonElement, bool> match, int count)
    {
        var found = new List<JsonElement>();
        var from = 0;
        while (found.Count < count)
        {
            var (line, index) = await tool.WaitForLineAsync(l => match(Parse(l)), from);
            found.Add(Parse(line));
            from = index + 1;
        }

        return found;
    }

    private static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>Waits, by inotify, until <paramref name="path"/> read through its links holds <paramref name="expected"/>.</summary>
    private static async Task WaitForContentAsync(string path, string expected)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            try
            {
                if (File.ReadAllText(path) == expected)
                {
                    arrived.TrySetResult();
                }
            }
            catch (IOException)
            {
                // Not there yet.
            }
        }

        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite };
        watcher.Created += (_, _) => Check();
        watcher.Renamed += (_, _) => Check();
        watcher.Changed += (_, _) => Check();
        watcher.EnableRaisingEvents = true;
        Check();
        await arrived.Task.WaitAsync(RunningTool.HangBound);
    }

    private static void AssertNoSecretValue(RunningTool tool)
    {
        Assert.DoesNotContain(tool.StandardOutput, l => l.Contains(Marker, StringComparison.Ordinal));
        Assert.DoesNotContain(Marker, tool.StandardError, StringComparison.Ordinal);
    }

    private void PutPod(string @namespace)
    {
        _server.State.PutJson(Pod.Replace("\"NS\"", $"\"{@namespace}\"", StringComparison.Ordinal));
        _server.State.PutJson(Settings.Replace("\"NS\"", $"\"{@namespace}\"", StringComparison.Ordinal));
        _server.State.PutSecret(Db(@namespace, 1));
    }

    private List<string> TmpfsMounts() =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Where(f => f[4].StartsWith(Root + "/", StringComparison.Ordinal) && f[^3] == "tmpfs").Select(f => f[4])];
}
