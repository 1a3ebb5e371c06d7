using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecretProjection.DependencyInjection;
using SecretProjection.ObjectManagers;

namespace SecretProjection.Tool.Cli;

/// <summary>The change-detection flags <c>sync</c> and <c>agent</c> share (<c>--strategy</c>, <c>--ttl</c>, <c>--sync-period</c>), read as the kubelet reads its flags.</summary>
internal static class ChangeDetectionFlags
{
    /// <summary>The options' property paths and the command-line options that set them, to name the option a failure is about.</summary>
    private static readonly (string Property, string Option)[] OptionNames =
    [
        ("Objects.Ttl", "--ttl"),
        ("Sync.SyncPeriod", "--sync-period"),
    ];

    /// <summary>Runs the options' validation on start (<c>ValidateOnStart</c>); a failure names the option it is about.</summary>
    public static void ValidateOptions(IServiceProvider provider)
    {
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new InputException(string.Join("; ", e.Failures.Select(f => $"{OptionNames.FirstOrDefault(n => f.StartsWith(n.Property, StringComparison.Ordinal)).Option ?? "options"}: {f}")), e);
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException or OverflowException or ArgumentException)
        {
            // The binder's words name the value and its path ("Failed to convert configuration value 'soon' at 'Objects:SyncTimeout'
            // to type 'System.TimeSpan'."): an option's, never a Secret's.
            throw new InputException($"{EnvironmentSettings.Prefix} environment variables: {e.Message}", e);
        }
    }

    /// <summary><c>--ttl</c> without <c>--strategy ttl</c> is a usage error.</summary>
    public static void AddTtlRule(Command command, Option<ChangeDetectionStrategy?> strategy, Option<TimeSpan?> ttl) =>
        command.Validators.Add(result =>
        {
            // By the tokens: a value that did not parse has its own error already.
            if (result.GetResult(ttl) is not null && !string.Equals(result.GetResult(strategy)?.Tokens is [{ } token] ? token.Value : null, "ttl", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError("--ttl applies to --strategy ttl only");
            }
        });

    /// <summary>Sets the options the flags name: the strategy always (its default is the kubelet's, watch), the TTL and the sync period when given.</summary>
    public static Action<SecretProjectionOptions> Apply(ChangeDetectionStrategy strategy, TimeSpan? ttl, TimeSpan? syncPeriod) => options =>
    {
        options.Objects.Strategy = strategy;
        options.Objects.Ttl = ttl ?? options.Objects.Ttl;
        options.Sync.SyncPeriod = syncPeriod ?? options.Sync.SyncPeriod;
    };

    /// <summary>The strategy and sync period, for the line a long-running verb prints when it starts.</summary>
    public static string Describe(SecretProjectionOptions options)
    {
        var strategy = options.Objects.Strategy switch
        {
            ChangeDetectionStrategy.Watch => "strategy watch",
            ChangeDetectionStrategy.Cache => $"strategy ttl {GoDuration.Format(options.Objects.Ttl)}",
            _ => "strategy get",
        };
        return $"{strategy}, sync period {GoDuration.Format(options.Sync.SyncPeriod)}";
    }

    public static Option<ChangeDetectionStrategy?> CreateStrategyOption() => CommonOptions.CreateChoiceOption(
        "--strategy",
        "How changes are detected: watch (the default, as the kubelet's), ttl (a cache refetched after --ttl; the kubelet's Cache) or get (every read asks the API server).",
        ("watch", ChangeDetectionStrategy.Watch),
        ("ttl", ChangeDetectionStrategy.Cache),
        ("get", ChangeDetectionStrategy.Get));

    /// <summary><c>--ttl</c>: the TTL of the Cache strategy.</summary>
    public static Option<TimeSpan?> CreateTtlOption() =>
        CreateDurationOption("--ttl", "With --strategy ttl: how long a fetched object is served before it is fetched again (Go duration: 60s, 1m30s, 500ms); default 1m.");

    /// <summary><c>--sync-period</c>: the kubelet's <c>--sync-frequency</c>.</summary>
    public static Option<TimeSpan?> CreateSyncPeriodOption() =>
        CreateDurationOption("--sync-period", "How often every volume is projected again, whatever the watch said (the kubelet's --sync-frequency); default 1m.");

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
}
