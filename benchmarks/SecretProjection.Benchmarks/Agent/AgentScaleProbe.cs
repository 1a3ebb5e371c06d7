using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SecretProjection.Agent;
using SecretProjection.DependencyInjection;
using SecretProjection.Kubernetes.DependencyInjection;
using SecretProjection.Linux.Agent;
using SecretProjection.Model;
using SecretProjection.Syncing;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;

namespace SecretProjection.Benchmarks.Agent;

/// <summary>
/// The node agent at scale, over the loopback API server and the real KubernetesClient, writing real directories:
/// <c>--agent-probe PODS SECRETS [ROTATIONS] [http1|https]</c>. Each pod has 3 volumes over 5 Secrets (a secret volume of the
/// shared Secret for the first 50 pods, else of one of SECRETS; a secret volume of another; a projected volume of
/// three more), each Secret 500 bytes in one key. Prints: start → ready (and from the first pod list → ready), the
/// managed memory the agent retains per pod volume (at ready, and again after the rotations, every watch open and
/// idle), the watches and client connections open, and the latency from a
/// change of the shared Secret to each of its 50 pods' VolumeWritten event (p50, p99, max over ROTATIONS). The
/// transport is the loopback server's HTTP/1.1 address (default), or its TLS one, where ALPN offers HTTP/2 as a real
/// API server does and KubernetesClient multiplexes the watches.
/// </summary>
internal static class AgentScaleProbe
{
    private const string Node = "node-1";
    private const int SharedBy = 50;
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    public static int Run(string[] args)
    {
        if (args.Length is < 2 or > 4 || (args.Length == 4 && args[3] is not ("http1" or "https")))
        {
            Console.Error.WriteLine("usage: --agent-probe PODS SECRETS [ROTATIONS] [http1|https]");
            return 2;
        }

        var pods = int.Parse(args[0], CultureInfo.InvariantCulture);
        var secrets = int.Parse(args[1], CultureInfo.InvariantCulture);
        var rotations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var transport = args.Length > 3 && args[3] == "https" ? ApiServerTransport.Https : ApiServerTransport.Http1;
        return RunAsync(pods, secrets, rotations, transport).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int pods, int secrets, int rotations, ApiServerTransport transport)
    {
        var work = Directory.CreateTempSubdirectory("secretprojection-agent-probe-").FullName;
        try
        {
            // The API server runs in a process of its own, so that the heap measured here is the agent's alone
            // (in-process, Kestrel's streams and the server's watch sessions counted as the agent's).
            var kubeconfig = Path.Combine(work, "kubeconfig");
            using var server = AgentProbeServer.Start(pods, secrets, transport, kubeconfig);
            var services = new ServiceCollection()
                .AddSecretProjection()
                .AddKubernetesSourcesFromDefaultConfig(kubeconfig)
                .BuildServiceProvider();
            await using (services.ConfigureAwait(false))
            {
                var observer = new Observer();
                var agent = NodeAgent.Create(
                    Node,
                    services.GetRequiredService<INodePodSource>(),
                    new KubeletVolumeHost(Path.Combine(work, "kubelet")),
                    services.GetRequiredService<IPodSyncFactory>());
                var baseline = Retained();
                var clock = Stopwatch.StartNew();
                using var stop = new CancellationTokenSource();
                var run = Task.Run(async () =>
                {
                    await foreach (var e in agent.RunAsync(stop.Token))
                    {
                        observer.OnEvent(e, clock.Elapsed);
                    }
                });
                await agent.WaitUntilReadyAsync(new CancellationTokenSource(Hang).Token);
                var ready = clock.Elapsed;
                var listed = observer.FirstPodAdded == TimeSpan.MaxValue ? ready : observer.FirstPodAdded;
                var retained = Retained() - baseline;

                var latencies = new List<double>();
                var slowest = new List<double>(); // each rotation's slowest pod: a slow p99 is one rotation or all of them
                for (var r = 1; r <= rotations; r++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1.2), TimeProvider.System); // past the volumes' minimum projection interval
                    var from = clock.Elapsed;
                    var waiting = observer.Expect(SharedBy);
                    server.Rotate(r);
                    var rotation = (await waiting.WaitAsync(Hang)).Select(at => (at - from).TotalMilliseconds).ToArray();
                    latencies.AddRange(rotation);
                    slowest.Add(rotation.Max());
                }

                // After the rotations: every reflector has listed and is watching by now.
                var watches = server.OpenWatches();
                var connections = ClientConnections(server.Port);

                // Again with every watch open and idle: at ready, some reflectors are still between their list and their watch.
                var watching = Retained() - baseline;
                await HoldForDumpAsync();
                await stop.CancelAsync();
                await run;
                latencies.Sort();
                var volumes = pods * 3;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"agent transport={(transport == ApiServerTransport.Https ? "https" : "http1")} pods={pods} volumes={volumes} secrets={secrets} watched={watches} clientConnections={connections} " +
                    $"startToReady={ready.TotalMilliseconds:F0}ms firstPodToReady={(ready - listed).TotalMilliseconds:F0}ms " +
                    $"retained={retained / 1024.0 / 1024.0:F1}MiB perVolume={retained / (double)volumes:F0}B " +
                    $"watching={watching / 1024.0 / 1024.0:F1}MiB watchingPerVolume={watching / (double)volumes:F0}B " +
                    $"sharedChange pods={SharedBy} rotations={rotations} p50={Percentile(latencies, 0.5):F1}ms p99={Percentile(latencies, 0.99):F1}ms max={latencies[^1]:F1}ms " +
                    $"rotationMax={string.Join(',', slowest.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}ms"));
                return 0;
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// With <c>SECRETPROJECTION_PROBE_HOLD=FILE</c>: writes this process's id to FILE and waits until FILE is removed,
    /// every watch open and idle, so that <c>dotnet-dump collect -p PID</c> takes the heap measured as <c>watching</c>.
    /// </summary>
    private static async Task HoldForDumpAsync()
    {
        if (System.Environment.GetEnvironmentVariable("SECRETPROJECTION_PROBE_HOLD") is not { Length: > 0 } hold)
        {
            return;
        }

        await File.WriteAllTextAsync(hold, System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        while (File.Exists(hold))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }
    }

    /// <summary>
    /// The server half, run by <see cref="AgentProbeServer"/> as <c>--agent-probe-server PODS SECRETS TRANSPORT KUBECONFIG</c>:
    /// loads the pods and Secrets, writes the kubeconfig, prints <c>ready PORT</c>, then answers its standard input:
    /// <c>rotate N</c> changes the shared Secret, <c>watches</c> prints the open watches; end of input stops it.
    /// </summary>
    public static int Serve(string[] args)
    {
        var (pods, secrets) = (int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture));
        var transport = args[2] == "https" ? ApiServerTransport.Https : ApiServerTransport.Http1;
        using var server = LoopbackApiServer.Start(new LoopbackApiServerOptions
        {
            State = new ApiServerState(new ApiServerStateOptions { HistoryCapacity = 100_000 }),
            Transports = ApiServerTransport.Http1 | transport, // the server needs its HTTP/1.1 address in any case
        });
        server.State.PutSecret(Secret("shared", 0));
        for (var i = 0; i < secrets; i++)
        {
            server.State.PutSecret(Secret("s" + i.ToString(CultureInfo.InvariantCulture), 0));
        }

        var random = new Random(20);
        for (var p = 0; p < pods; p++)
        {
            var names = Enumerable.Range(0, 5).Select(_ => "s" + random.Next(secrets).ToString(CultureInfo.InvariantCulture)).ToArray();
            if (p < SharedBy)
            {
                names[0] = "shared";
            }

            server.State.PutJson(PodJson(p, names));
        }

        server.WriteKubeconfig(args[3], transport: transport);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {server.AddressOf(transport).Port}"));
        while (Console.ReadLine() is { } line)
        {
            if (line.StartsWith("rotate ", StringComparison.Ordinal))
            {
                server.State.PutSecret(Secret("shared", int.Parse(line["rotate ".Length..], CultureInfo.InvariantCulture)));
                Console.WriteLine("ok");
            }
            else if (line == "watches")
            {
                Console.WriteLine(server.State.OpenWatchCount.ToString(CultureInfo.InvariantCulture));
            }
        }

        return 0;
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Established TCP connections from this process to the server's port (/proc/net/tcp: remote port in hex).</summary>
    private static int ClientConnections(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1).Concat(File.Exists("/proc/net/tcp6") ? File.ReadLines("/proc/net/tcp6").Skip(1) : [])
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 3 && f[2].EndsWith(hexPort, StringComparison.Ordinal) && f[3] == "01");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Secret Secret(string name, int version) => new()
    {
        Namespace = "bench",
        Name = name,
        Data = DataMap.FromStrings([KeyValuePair.Create("key", version.ToString("D4", CultureInfo.InvariantCulture) + new string('x', 500 - 4))]),
    };

    private static string PodJson(int index, string[] s) => $$$"""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "pod-{{{index}}}", "namespace": "bench", "uid": "uid-{{{index}}}"},
         "spec": {"nodeName": "{{{Node}}}", "containers": [{"name": "app", "image": "app"}],
                  "volumes": [
                    {"name": "a", "secret": {"secretName": "{{{s[0]}}}"} },
                    {"name": "b", "secret": {"secretName": "{{{s[1]}}}"} },
                    {"name": "c", "projected": {"sources": [{"secret": {"name": "{{{s[2]}}}"} }, {"secret": {"name": "{{{s[3]}}}"} }, {"secret": {"name": "{{{s[4]}}}"} }]} }]},
         "status": {"phase": "Running"} }
        """;

    /// <summary>Receives the events on the probe's clock.</summary>
    private sealed class Observer
    {
        private readonly Lock _lock = new();
        private ConcurrentBag<TimeSpan>? _times;
        private TaskCompletionSource<TimeSpan[]>? _done;
        private int _expected;

        public TimeSpan FirstPodAdded { get; private set; } = TimeSpan.MaxValue;

        /// <summary>The times of the next <paramref name="count"/> writes of volume a after the shared Secret changed.</summary>
        public Task<TimeSpan[]> Expect(int count)
        {
            lock (_lock)
            {
                _times = [];
                _expected = count;
                _done = new TaskCompletionSource<TimeSpan[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _done.Task;
            }
        }

        public void OnEvent(AgentEvent e, TimeSpan at)
        {
            lock (_lock)
            {
                if (e.Kind == AgentEventKind.PodAdded && at < FirstPodAdded)
                {
                    FirstPodAdded = at;
                }

                if (e.Kind == AgentEventKind.VolumeWritten && e.Volume == "a" && e.Message?.EndsWith("Secret bench/shared changed", StringComparison.Ordinal) == true && _times is { } times)
                {
                    times.Add(at);
                    if (times.Count == _expected)
                    {
                        _done!.TrySetResult([.. times]);
                        _times = null;
                    }
                }
            }
        }
    }
}
