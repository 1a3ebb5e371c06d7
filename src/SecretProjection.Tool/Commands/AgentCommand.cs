using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretProjection.Agent;
using SecretProjection.DependencyInjection;
using SecretProjection.Hosting;
using SecretProjection.Hosting.DependencyInjection;
using SecretProjection.Kubernetes.DependencyInjection;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Linux.Agent;
using SecretProjection.ObjectManagers;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>agent --node NAME --root DIR</c>: keeps the secret, configMap, downwardAPI and projected volumes of every pod of a node in
/// the kubelet's layout under DIR, as a generic host around the library's hosted node agent
/// (<c>AddSecretProjectionAgent</c>), until Ctrl-C or SIGTERM, printing one line per event.
/// </summary>
/// <remarks>
/// The host reads the library's options from <c>SECRETPROJECTION_</c> environment variables
/// (<see cref="EnvironmentSettings"/>), under the flags; logs warnings to standard error; and
/// stops on SIGTERM or SIGINT within its 4-second shutdown timeout, after the writes in progress. The volumes stay.
/// </remarks>
internal static class AgentCommand
{
    /// <summary>The host's shutdown timeout: the agent ends well within the 5 s a node's shutdown allows it.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    public static Command Create(ToolContext context)
    {
        var node = new Option<string>("--node") { Description = "The node whose pods are synced (their spec.nodeName).", Required = true };
        var root = new Option<string>("--root") { Description = "The kubelet root directory: volumes go to DIR/pods/<pod uid>/volumes/kubernetes.io~<plugin>/<volume>/.", Required = true };
        var cluster = new ClusterOptions();
        var strategy = ChangeDetectionFlags.CreateStrategyOption();
        var ttl = ChangeDetectionFlags.CreateTtlOption();
        var syncPeriod = ChangeDetectionFlags.CreateSyncPeriodOption();
        var tmpfs = new Option<bool>("--tmpfs") { Description = "Mount a tmpfs on each secret, projected and downwardAPI volume directory first, as the kubelet does (needs root); configMap volumes stay on disk." };
        var healthPort = new Option<int?>("--health-port") { Description = "Serve GET /healthz and /readyz on 127.0.0.1:PORT (0: a free port, printed on stderr)." };
        healthPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > 65535)
            {
                r.AddError("--health-port must be between 0 and 65535");
            }
        });
        var output = CommonOptions.CreateOutputOption("Output format: 'json' prints one JSON object per event (JSON Lines); default is one line for people per event.");
        var command = new Command("agent", VerbHelp.Agent)
        {
            node, root, strategy, ttl, syncPeriod, tmpfs, healthPort, output,
        };
        cluster.AddTo(command);
        ChangeDetectionFlags.AddTtlRule(command, strategy, ttl);
        command.Validators.Add(result =>
        {
            // Events are lines: text, or JSON Lines; a YAML stream of them is not offered.
            if (result.GetValue(output) == OutputFormat.Yaml)
            {
                result.AddError("agent prints events as lines: -o json (JSON Lines) or the default text, not -o yaml");
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new InputException("agent writes volumes with Linux system calls and runs on Linux only");
            }

            var settings = new AgentSettings(
                result.GetValue(node)!,
                result.GetValue(root)!,
                cluster.Read(result),
                result.GetValue(strategy) ?? ChangeDetectionStrategy.Watch,
                result.GetValue(ttl),
                result.GetValue(syncPeriod),
                result.GetValue(tmpfs),
                result.GetValue(healthPort),
                result.GetValue(output) == OutputFormat.Json);
            return RunAsync(settings, context, cancellationToken);
        });
        return command;
    }

    [SupportedOSPlatform("linux")]
    private static async Task<int> RunAsync(AgentSettings settings, ToolContext context, CancellationToken stop)
    {
        if (settings.Tmpfs && !Linux.Volumes.Tmpfs.CanMount)
        {
            throw new InputException("--tmpfs mounts with mount(2) and needs root");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        EnvironmentSettings.AddTo(builder.Configuration);
        StandardErrorLoggerProvider.Configure(builder.Logging, context.Error);
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None); // /readyz answers 503 itself
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        EnvironmentSettings.Bind(builder.Services, builder.Configuration);
        builder.Services
            .AddSecretProjection(ChangeDetectionFlags.Apply(settings.Strategy, settings.Ttl, settings.SyncPeriod))
            .AddKubernetesSourcesFromDefaultConfig(settings.Cluster.Kubeconfig, settings.Cluster.Context)
            .AddSecretProjectionAgent(options =>
            {
                options.NodeName = settings.Node;
                options.Root = settings.Root;
                options.Tmpfs = settings.Tmpfs;
            })
            .AddSingleton<IAgentEventObserver>(new AgentEventWriter(context.Output, settings.Json));
        if (settings.HealthPort is { } port)
        {
            builder.Services.AddSingleton(provider => new HealthEndpoint(port, provider.GetRequiredService<HealthCheckService>()));
            builder.Services.AddHostedService(provider => provider.GetRequiredService<HealthEndpoint>());
        }

        using var host = builder.Build();
        ChangeDetectionFlags.ValidateOptions(host.Services);
        ClusterOptions.Open(() => host.Services.GetRequiredService<KubernetesSources>(), settings.Cluster);
        var volumes = OpenRoot(host.Services, settings.Root);
        var health = settings.HealthPort is null ? null : $", health on http://127.0.0.1:{Listen(host.Services)}/healthz and /readyz";
        var options = host.Services.GetRequiredService<IOptions<SecretProjectionOptions>>().Value;
        await context.Error.WriteLineAsync(
            $"Agent of node {settings.Node}: volumes under {Path.Combine(volumes.RootDirectory, "pods")} ({ChangeDetectionFlags.Describe(options)}{(settings.Tmpfs ? ", tmpfs" : string.Empty)}{health}); Ctrl-C or SIGTERM stops.").ConfigureAwait(false);

        await host.StartAsync(stop).ConfigureAwait(false);
        await host.WaitForShutdownAsync(stop).ConfigureAwait(false);

        // The agent ends once the writes in progress are done: every volume holds one whole generation.
        if (host.Services.GetRequiredService<NodeAgentService>().ExecuteTask is { IsFaulted: true } failed)
        {
            await context.Error.WriteLineAsync($"secretprojection: the agent stopped: {failed.Exception?.InnerException?.GetType().Name}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await context.Error.WriteLineAsync(
            $"Stopped. The volumes stay under {Path.Combine(volumes.RootDirectory, "pods")}{(settings.Tmpfs ? ", their tmpfs still mounted" : string.Empty)}, as the kubelet leaves them when it stops.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The kubelet root, created if missing: one that cannot be made or opened is bad input.</summary>
    [SupportedOSPlatform("linux")]
    private static KubeletVolumeHost OpenRoot(IServiceProvider services, string root)
    {
        try
        {
            return (KubeletVolumeHost)services.GetRequiredService<INodeVolumeHost>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--root {root}: {e.Message}", e);
        }
    }

    [SupportedOSPlatform("linux")]
    private static int Listen(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<HealthEndpoint>().Listen();
        }
        catch (SocketException e)
        {
            throw new InputException($"--health-port: {e.Message}", e);
        }
    }

    private sealed record AgentSettings(
        string Node,
        string Root,
        ClusterSettings Cluster,
        ChangeDetectionStrategy Strategy,
        TimeSpan? Ttl,
        TimeSpan? SyncPeriod,
        bool Tmpfs,
        int? HealthPort,
        bool Json);
}
