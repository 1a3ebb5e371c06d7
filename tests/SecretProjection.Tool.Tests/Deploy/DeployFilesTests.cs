using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace SecretProjection.Tool.Tests.Deploy;

/// <summary>
/// <c>samples/deploy/</c>: the DaemonSet and its RBAC pass the tool's own <c>validate</c> and kubectl's client-side
/// dry run, and the systemd unit runs the agent as the README says.
/// </summary>
public sealed class DeployFilesTests(ITestOutputHelper output)
{
    private static readonly string Manifest = ToolProcess.Sample("deploy/agent.yaml");

    [Fact]
    public void The_manifests_pass_validate()
    {
        var result = ToolProcess.Run("validate", "-f", Manifest);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("DaemonSet", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid", result.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_manifests_pass_kubectl_apply_dry_run_client()
    {
        if (FindOnPath("kubectl") is null)
        {
            output.WriteLine("kubectl is not on PATH: the client-side dry run was not run.");
            return;
        }

        // kubectl maps kinds to resources through discovery even for a client-side dry run, and reads each object
        // to compute its patch: a loopback server answers both (every object is new). --validate=false: the
        // OpenAPI schema is the server's, and this one has none.
        await using var discovery = DiscoveryServer.Start();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"secretprojection-deploy-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: loopback, cluster: {server: "http://127.0.0.1:{{discovery.Port}}"} }]
            contexts: [{name: loopback, context: {cluster: loopback, user: nobody} }]
            users: [{name: nobody, user: {} }]
            current-context: loopback
            """);
        try
        {
            var (code, stdout, stderr) = await RunAsync("kubectl", "--kubeconfig", kubeconfig, "apply", "--dry-run=client", "--validate=false", "-f", Manifest);
            output.WriteLine(stdout + stderr);

            Assert.True(code == 0, stderr);
            Assert.Equal(
                [
                    "namespace/secretprojection-system created (dry run)",
                    "serviceaccount/secretprojection-agent created (dry run)",
                    "clusterrole.rbac.authorization.k8s.io/secretprojection-agent created (dry run)",
                    "clusterrolebinding.rbac.authorization.k8s.io/secretprojection-agent created (dry run)",
                    "daemonset.apps/secretprojection-agent created (dry run)",
                ],
                stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public void The_RBAC_grants_reads_only_and_the_DaemonSet_runs_the_agent_verb_with_probes_on_its_health_port()
    {
        var yaml = File.ReadAllText(Manifest);

        Assert.DoesNotContain("create", yaml.Split("verbs:").Skip(1).Select(v => v.Split('\n')[0]).Aggregate(string.Empty, string.Concat), StringComparison.Ordinal);
        Assert.Contains("- agent\n", yaml, StringComparison.Ordinal);
        Assert.Contains("--health-port=8081", yaml, StringComparison.Ordinal);
        Assert.Contains("path: /readyz", yaml, StringComparison.Ordinal);
        var unit = File.ReadAllText(ToolProcess.Sample("deploy/secretprojection-agent.service"));
        Assert.Contains("ExecStart=/usr/local/bin/secretprojection agent --node %H --root /var/lib/secretprojection", unit, StringComparison.Ordinal);
        Assert.Contains("KillSignal=SIGTERM", unit, StringComparison.Ordinal);
    }

    private static string? FindOnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(RunningTool.HangBound);
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The discovery documents of the kinds in the manifest, and 404 for every object: what a client-side dry run reads.</summary>
    private sealed class DiscoveryServer : IAsyncDisposable
    {
        private static readonly Dictionary<string, string> Documents = new(StringComparer.Ordinal)
        {
            ["/api"] = """{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""",
            ["/apis"] = """{"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},{"name":"rbac.authorization.k8s.io","versions":[{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}}]}""",
            ["/api/v1"] = """{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","get","list","patch"]},{"name":"serviceaccounts","singularName":"serviceaccount","namespaced":true,"kind":"ServiceAccount","verbs":["create","get","list","patch"]}]}""",
            ["/apis/apps/v1"] = """{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[{"name":"daemonsets","singularName":"daemonset","namespaced":true,"kind":"DaemonSet","verbs":["create","get","list","patch"]}]}""",
            ["/apis/rbac.authorization.k8s.io/v1"] = """{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"rbac.authorization.k8s.io/v1","resources":[{"name":"clusterroles","singularName":"clusterrole","namespaced":false,"kind":"ClusterRole","verbs":["create","get","list","patch"]},{"name":"clusterrolebindings","singularName":"clusterrolebinding","namespaced":false,"kind":"ClusterRoleBinding","verbs":["create","get","list","patch"]}]}""",
        };

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _accepting = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static DiscoveryServer Start()
        {
            var server = new DiscoveryServer();
            server._listener.Start();
            server._accepting = server.AcceptAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    connections.Add(AnswerAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            await Task.WhenAll(connections);
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                    while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } requestLine)
                    {
                        while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 })
                        {
                        }

                        var path = requestLine.Split(' ')[1].Split('?')[0];
                        var (code, body) = Documents.TryGetValue(path, out var document)
                            ? (200, document)
                            : (404, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{path}} not found","reason":"NotFound","code":404}""");
                        var bytes = Encoding.UTF8.GetBytes(body);
                        var head = $"HTTP/1.1 {code} {(code == 200 ? "OK" : "Not Found")}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                        await stream.WriteAsync(bytes, _stop.Token);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                {
                }
            }
        }
    }
}
