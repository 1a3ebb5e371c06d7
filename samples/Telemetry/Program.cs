using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SecretProjection.Agent;
using SecretProjection.DependencyInjection;
using SecretProjection.Hosting;
using SecretProjection.Hosting.DependencyInjection;
using SecretProjection.Hosting.HealthChecks;
using SecretProjection.Kubernetes.DependencyInjection;
using SecretProjection.Model;
using SecretProjection.Kubernetes.Testing;

[assembly: SupportedOSPlatform("linux")]

// A loopback API server with one pod on node-1 that reads the Secret "db"; the agent runs as a hosted service with
// OpenTelemetry's console exporter; the Secret rotates once; the spans show the projection linked to the change.
var work = Directory.CreateTempSubdirectory("secretprojection-telemetry-").FullName;
await using var server = LoopbackApiServer.Start();
server.State.PutSecret(Db("v1"));
server.State.PutJson("""
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop", "uid": "6e1f0c39-0000-4000-8000-000000000001"},
     "spec": {"nodeName": "node-1", "containers": [{"name": "app", "image": "app"}],
              "volumes": [{"name": "db", "secret": {"secretName": "db"}}]},
     "status": {"phase": "Running"}}
    """);
var kubeconfig = Path.Combine(work, "kubeconfig");
server.WriteKubeconfig(kubeconfig);

var events = new EventLog();
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddSource("SecretProjection").AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddMeter("SecretProjection").AddConsoleExporter());
builder.Services
    .AddSecretProjection()
    .AddKubernetesSourcesFromDefaultConfig(kubeconfig)
    .AddSecretProjectionAgent(o =>
    {
        o.NodeName = "node-1";
        o.Root = Path.Combine(work, "kubelet");
    })
    .AddSingleton<IAgentEventObserver>(events);

using (var host = builder.Build())
{
    await host.StartAsync();
    var agent = host.Services.GetRequiredService<INodeAgent>();
    var health = host.Services.GetRequiredService<HealthCheckService>();
    using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
    await agent.WaitUntilReadyAsync(bound.Token);
    var ready = await health.CheckHealthAsync(c => c.Tags.Contains(AgentHealthChecks.ReadyTag), bound.Token);
    Console.WriteLine($"readiness: {ready.Status}");

    server.State.PutSecret(Db("v2"));
    await events.WaitForAsync(e => e.Kind == AgentEventKind.VolumeWritten && e.Message!.Contains("changed", StringComparison.Ordinal), bound.Token);
    await host.StopAsync(); // flushes the exporters
}

Directory.Delete(work, recursive: true);

static Secret Db(string password) => new()
{
    Namespace = "shop",
    Name = "db",
    Data = DataMap.FromStrings([KeyValuePair.Create("password", password)]),
};

/// <summary>Prints the agent's events and lets the sample wait for one.</summary>
internal sealed class EventLog : IAgentEventObserver
{
    private readonly List<(Func<AgentEvent, bool> Match, TaskCompletionSource Done)> _waits = [];
    private readonly Lock _lock = new();

    public void OnEvent(AgentEvent agentEvent)
    {
        Console.WriteLine($"event: {agentEvent}");
        lock (_lock)
        {
            foreach (var wait in _waits.Where(w => w.Match(agentEvent)).ToArray())
            {
                wait.Done.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }

    public Task WaitForAsync(Func<AgentEvent, bool> match, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waits.Add((match, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }
}
