using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.Versioning;
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
/// with the API server through the library's pod sync until Ctrl-C or SIGTERM, printing one line per change.
/// </summary>
/// <remarks>
/// The services are those a library user registers: <c>AddSecretProjection</c> (the options, validated on start)
/// and <c>AddKubernetesSources</c> (the client from the kubeconfig). If the API server goes away while it runs,
/// the volumes keep their contents and the tool keeps trying, as the kubelet does: the watch backs off
/// (800 ms doubling to 30 s, with jitter) and lists again; under Get, a failed read is a failed volume, retried
/// from 500 ms doubling to 2 min 2 s.
/// </remarks>
internal static class SyncCommand
{
    /// <summary>The managers' logger category (<c>ObjectManager.LoggerCategory</c>).</summary>
    private const string ObjectManagersCategory = "SecretProjection.ObjectManagers";

    /// <summary>The pod syncs' logger category (<c>PodSync.LoggerCategory</c>).</summary>
    private const string SyncingCategory = "SecretProjection.Syncing";

    /// <summary>The options' property paths and the command-line options that set them, to name the option a failure is about.</summary>
    private static readonly (string Property, string Option)[] OptionNames =
    [
        ("Objects.Ttl", "--ttl"),
        ("Sync.SyncPeriod", "--sync-period"),
    ];

    public static Command Create(ToolContext context)
    {
        var cluster = new ClusterOptions();
        var @namespace = ClusterOptions.CreateNamespaceOption("The pod's namespace; default: the context's namespace, else 'default'.");
        var pod = new Option<string>("--pod") { Description = "The pod's name.", Required = true };
        var root = new Option<string>("--root") { Description = "The directory under which each volume is written, as DIR/<volume>/.", Required = true };
        var strategy = CreateStrategyOption();
        var ttl = CreateDurationOption("--ttl", "With --strategy ttl: how long a fetched object is served before it is fetched again (Go duration: 60s, 1m30s, 500ms); default 1m.");
        var syncPeriod = CreateDurationOption("--sync-period", "How often every volume is projected again, whatever the watch said (the kubelet's --sync-frequency); default 1m.");
        var tmpfs = new Option<bool>("--tmpfs") { Description = "Mount each volume directory as tmpfs first, as the kubelet does (needs root); the mounts stay when sync stops." };
        var allowShared = CommonOptions.CreateAllowSharedDirectoryOption();
        var output = CommonOptions.CreateOutputOption("Output format: 'json' prints one JSON object per line (JSON Lines), 'yaml' one YAML document per change (each starting with ---); default is one line for people per change.");
        var command = new Command("sync", VerbHelp.Sync)
        {
            @namespace, pod, root, strategy, ttl, syncPeriod, tmpfs, allowShared, output,
        };
        cluster.AddTo(command);
        command.Validators.Add(result =>
        {
            // By the tokens: a value that did not parse has its own error already.
            if (result.GetResult(ttl) is not null && !string.Equals(result.GetResult(strategy)?.Tokens is [{ } token] ? token.Value : null, "ttl", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError("--ttl applies to --strategy ttl only");
            }
        });
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
        var services = new ServiceCollection()
            .AddLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter(ObjectManagersCategory, LogLevel.Debug) // for the watch's back-off notes
                .AddFilter(SyncingCategory, LogLevel.Error) // a failed volume is an event line already
                .AddProvider(new StandardErrorLoggerProvider(context.Error)))
            .AddSecretProjection(options =>
            {
                options.Objects.Strategy = settings.Strategy;
                options.Objects.Ttl = settings.Ttl ?? options.Objects.Ttl;
                options.Sync.SyncPeriod = settings.SyncPeriod ?? options.Sync.SyncPeriod;
            })
            .AddKubernetesSourcesFromDefaultConfig(settings.Cluster.Kubeconfig, settings.Cluster.Context);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using (provider.ConfigureAwait(false))
        {
            ValidateOptions(provider);
            var sources = ClusterOptions.Open(() => provider.GetRequiredService<KubernetesSources>(), settings.Cluster);
            var pod = await ReadPodAsync(sources, settings.Namespace ?? sources.Namespace ?? "default", settings.Pod, stop).ConfigureAwait(false);
            if (VolumeRoot.FsGroupNote(pod) is { } note)
            {
                await context.Error.WriteLineAsync(note).ConfigureAwait(false);
            }

            var options = provider.GetRequiredService<IOptions<SecretProjectionOptions>>().Value;
            await context.Error.WriteLineAsync(
                $"Syncing pod {pod.QualifiedName} into {volumes.FullPath} ({Describe(options)}); Ctrl-C or SIGTERM stops.").ConfigureAwait(false);

            var events = new SyncEventWriter(context.Output, settings.Format, volumes.PathOf);
            var sync = provider.GetRequiredService<IPodSyncFactory>().Create(pod, volumes.Open);
            await foreach (var syncEvent in sync.RunAsync(stop).ConfigureAwait(false))
            {
                events.Write(syncEvent);
            }

            // The sequence ends once the write in progress is done: every volume holds one whole generation.
            await context.Error.WriteLineAsync(volumes.UsesTmpfs
                ? $"Stopped. The volumes stay in {volumes.FullPath}, each still mounted as tmpfs, as the kubelet leaves them until the pod is deleted; umount them to remove them."
                : $"Stopped. The volumes stay in {volumes.FullPath}, as the kubelet leaves them until the pod is deleted.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    /// <summary>Runs the options' validation on start (<c>ValidateOnStart</c>); a failure names the option it is about.</summary>
    private static void ValidateOptions(IServiceProvider provider)
    {
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new InputException(string.Join("; ", e.Failures.Select(f => $"{OptionNames.FirstOrDefault(n => f.StartsWith(n.Property, StringComparison.Ordinal)).Option ?? "options"}: {f}")), e);
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

    private static string Describe(SecretProjectionOptions options)
    {
        var strategy = options.Objects.Strategy switch
        {
            ChangeDetectionStrategy.Watch => "strategy watch",
            ChangeDetectionStrategy.Cache => $"strategy ttl {GoDuration.Format(options.Objects.Ttl)}",
            _ => "strategy get",
        };
        return $"{strategy}, sync period {GoDuration.Format(options.Sync.SyncPeriod)}";
    }

    private static Option<ChangeDetectionStrategy?> CreateStrategyOption()
    {
        var option = new Option<ChangeDetectionStrategy?>("--strategy")
        {
            Description = "How changes are detected: watch (the default, as the kubelet's), ttl (a cache refetched after --ttl; the kubelet's Cache) or get (every read asks the API server).",
            HelpName = "watch|ttl|get",
            CustomParser = r => r.Tokens[0].Value.ToLowerInvariant() switch
            {
                "watch" => ChangeDetectionStrategy.Watch,
                "ttl" => ChangeDetectionStrategy.Cache,
                "get" => ChangeDetectionStrategy.Get,
                _ => Fail(r, r.Tokens[0].Value),
            },
        };
        // The values the parser accepts, and only those: an enum's own completions would offer its member names too.
        option.CompletionSources.Clear();
        option.CompletionSources.Add("watch", "ttl", "get");
        return option;

        static ChangeDetectionStrategy? Fail(ArgumentResult r, string value)
        {
            r.AddError($"--strategy must be 'watch', 'ttl' or 'get', not '{value}'.");
            return null;
        }
    }

    /// <summary>A duration option read as Go reads the kubelet's duration flags, with pflag's message when it is not one.</summary>
    private static Option<TimeSpan?> CreateDurationOption(string name, string description)
    {
        return new Option<TimeSpan?>(name) { Description = description, HelpName = "duration", CustomParser = Parse };

        TimeSpan? Parse(ArgumentResult r)
        {
            var text = r.Tokens[0].Value;
            if (GoDuration.TryParse(text, out var value, out var error))
            {
                return value;
            }

            r.AddError($"invalid argument \"{text}\" for \"{name}\" flag: {error}");
            return null;
        }
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
