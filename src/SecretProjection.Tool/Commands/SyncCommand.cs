using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretProjection.DependencyInjection;
using SecretProjection.Kubernetes.DependencyInjection;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>sync [--kubeconfig PATH] --pod NAME --root DIR</c>: reads the pod from the API server, projects its secret,
/// configMap, downwardAPI and projected volumes (tokens by TokenRequest, the Node and ClusterTrustBundles read when a
/// source needs them) into <c>DIR/&lt;volume&gt;/</c> as <c>project</c> does, and keeps them in step
/// with the API server through the library's pod sync until Ctrl-C or SIGTERM, printing one line per change. The pod
/// is followed too (watched by name, or read at each periodic sync under ttl and get): a change of its labels or
/// annotations rewrites its downwardAPI files, and its deletion ends the sync (exit 0).
/// </summary>
/// <remarks>
/// The services are those a library user registers: <c>AddSecretProjection</c> (the options, validated on start)
/// and <c>AddKubernetesSources</c> (the client from the kubeconfig), with the options of the
/// <c>SECRETPROJECTION_</c> environment variables (<see cref="EnvironmentSettings"/>) under the flags. If the API server goes away while it runs,
/// the volumes keep their contents and the tool keeps trying, as the kubelet does: the watch backs off
/// (800 ms doubling to 30 s, with jitter) and lists again; under Get, a failed read is a failed volume, retried
/// from 500 ms doubling to 2 min 2 s.
/// </remarks>
internal static class SyncCommand
{
    public static Command Create(ToolContext context)
    {
        var cluster = new ClusterOptions();
        var @namespace = ClusterOptions.CreateNamespaceOption("The pod's namespace; default: the context's namespace, else 'default'.");
        var pod = new Option<string>("--pod") { Description = "The pod's name.", Required = true };
        var root = new Option<string>("--root") { Description = "The directory under which each volume is written, as DIR/<volume>/.", Required = true };
        var strategy = ChangeDetectionFlags.CreateStrategyOption();
        var ttl = ChangeDetectionFlags.CreateTtlOption();
        var syncPeriod = ChangeDetectionFlags.CreateSyncPeriodOption();
        var tmpfs = new Option<bool>("--tmpfs") { Description = "Mount each volume directory as tmpfs first, as the kubelet does (needs root); the mounts stay when sync stops." };
        var allowShared = CommonOptions.CreateAllowSharedDirectoryOption();
        var output = CommonOptions.CreateOutputOption("Output format: 'json' prints one JSON object per line (JSON Lines), 'yaml' one YAML document per change (each starting with ---); default is one line for people per change.");
        var command = new Command("sync", VerbHelp.Sync)
        {
            @namespace, pod, root, strategy, ttl, syncPeriod, tmpfs, allowShared, output,
        };
        cluster.AddTo(command);
        ChangeDetectionFlags.AddTtlRule(command, strategy, ttl);
        command.SetAction((result, cancellationToken) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new InputException("sync writes volumes with Linux system calls and runs on Linux only");
            }

            var settings = new SyncSettings(
                cluster.Read(result),
                result.GetValue(@namespace),
                result.GetValue(pod)!,
                result.GetValue(root)!,
                result.GetValue(strategy) ?? ChangeDetectionStrategy.Watch,
                result.GetValue(ttl),
                result.GetValue(syncPeriod),
                result.GetValue(tmpfs),
                result.GetValue(allowShared),
                result.GetValue(output));
            return RunAsync(settings, context, cancellationToken);
        });
        return command;
    }

    [SupportedOSPlatform("linux")]
    private static async Task<int> RunAsync(SyncSettings settings, ToolContext context, CancellationToken stop)
    {
        using var volumes = new VolumeRoot(settings.Root, settings.Tmpfs, settings.AllowSharedDirectory);
        var services = new ServiceCollection();
        EnvironmentSettings.Bind(services, EnvironmentSettings.AddTo(new ConfigurationBuilder()).Build());
        services
            .AddLogging(logging => StandardErrorLoggerProvider.Configure(logging, context.Error))
            .AddSecretProjection(ChangeDetectionFlags.Apply(settings.Strategy, settings.Ttl, settings.SyncPeriod))
            .AddKubernetesSourcesFromDefaultConfig(settings.Cluster.Kubeconfig, settings.Cluster.Context);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using (provider.ConfigureAwait(false))
        {
            ChangeDetectionFlags.ValidateOptions(provider);
            var sources = ClusterOptions.Open(() => provider.GetRequiredService<KubernetesSources>(), settings.Cluster);
            var pod = await ReadPodAsync(sources, settings.Namespace ?? sources.Namespace ?? "default", settings.Pod, stop).ConfigureAwait(false);
            if (VolumeRoot.FsGroupNote(pod) is { } note)
            {
                await context.Error.WriteLineAsync(note).ConfigureAwait(false);
            }

            var options = provider.GetRequiredService<IOptions<SecretProjectionOptions>>().Value;
            await context.Error.WriteLineAsync(
                $"Syncing pod {pod.QualifiedName} into {volumes.FullPath} ({ChangeDetectionFlags.Describe(options)}); Ctrl-C or SIGTERM stops.").ConfigureAwait(false);

            var events = new SyncEventWriter(context.Output, settings.Format, volumes.PathOf);
            var sync = provider.GetRequiredService<IPodSyncFactory>().Create(pod, volumes.Open);
            var deleted = false;
            await foreach (var syncEvent in sync.RunAsync(stop).ConfigureAwait(false))
            {
                events.Write(syncEvent);
                deleted |= syncEvent.Kind == SyncEventKind.PodDeleted;
            }

            // The sequence ends once the write in progress is done: every volume holds one whole generation.
            await context.Error.WriteLineAsync(deleted
                ? $"Stopped: the pod was deleted. The volumes stay in {volumes.FullPath} as last written; the kubelet would remove them, sync leaves that to you."
                : volumes.UsesTmpfs
                ? $"Stopped. The volumes stay in {volumes.FullPath}, each still mounted as tmpfs, as the kubelet leaves them until the pod is deleted; umount them to remove them."
                : $"Stopped. The volumes stay in {volumes.FullPath}, as the kubelet leaves them until the pod is deleted.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    /// <summary>Reads the pod; not found, or a server that cannot be reached, is bad input (exit 2).</summary>
    private static async Task<Pod> ReadPodAsync(KubernetesSources sources, string @namespace, string name, CancellationToken stop)
    {
        var result = await sources.GetPodAsync(@namespace, name, stop).ConfigureAwait(false);
        return result.Status switch
        {
            LookupStatus.Found => result.Value!,
            LookupStatus.NotFound => throw new InputException($"pods \"{name}\" not found"),
            _ => throw new InputException(result.Failure ?? $"get pods {name}: failed"),
        };
    }

    private sealed record SyncSettings(
        ClusterSettings Cluster,
        string? Namespace,
        string Pod,
        string Root,
        ChangeDetectionStrategy Strategy,
        TimeSpan? Ttl,
        TimeSpan? SyncPeriod,
        bool Tmpfs,
        bool AllowSharedDirectory,
        OutputFormat Format);
}
