using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>Creates the Secret and ConfigMap managers outside dependency injection (inside it, use <c>AddSecretProjection</c>).</summary>
public static class ObjectManager
{
    /// <summary>The logger category of the managers.</summary>
    internal const string LoggerCategory = "SecretProjection.ObjectManagers";

    /// <summary>The backoff's random part (0..1) of a manager made without one injected (tests inject their own).</summary>
#pragma warning disable RS0030 // Banned API: the default of an injected source of randomness.
    internal static readonly Func<double> DefaultJitter = Random.Shared.NextDouble;
#pragma warning restore RS0030

    /// <summary>Creates the Secret manager.</summary>
    /// <param name="source">Where Secrets are read and watched.</param>
    /// <param name="options">The options; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">Where to publish metrics; a meter of its own when <see langword="null"/>.</param>
    /// <returns>The manager; dispose it to stop its watches.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static IObjectManager<Secret> ForSecrets(
        IObjectSource<Secret> source,
        ObjectManagerOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null) =>
        Create(ManagedKinds.Secret, source, options, timeProvider, loggerFactory, meterFactory, DefaultJitter);

    /// <summary>Creates the ConfigMap manager.</summary>
    /// <param name="source">Where ConfigMaps are read and watched.</param>
    /// <param name="options">The options; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">Where to publish metrics; a meter of its own when <see langword="null"/>.</param>
    /// <returns>The manager; dispose it to stop its watches.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static IObjectManager<ConfigMap> ForConfigMaps(
        IObjectSource<ConfigMap> source,
        ObjectManagerOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null) =>
        Create(ManagedKinds.ConfigMap, source, options, timeProvider, loggerFactory, meterFactory, DefaultJitter);

    /// <summary>Creates a manager with the strategy of <paramref name="options"/>; <paramref name="jitter"/> draws the backoff's random part (0..1).</summary>
    internal static IObjectManager<T> Create<T>(
        ManagedKind<T> kind,
        IObjectSource<T> source,
        ObjectManagerOptions? options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        Func<double> jitter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(source);
        options = ObjectManagerOptionsValidator.Checked(options);
        var metrics = new ObjectManagerMetrics(meterFactory, kind.Resource, options.Strategy);
        var context = new ManagerContext<T>(
            kind,
            source,
            options,
            timeProvider ?? TimeProvider.System,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory),
            metrics,
            jitter);
        return options.Strategy switch
        {
            ChangeDetectionStrategy.Get => new GetManager<T>(context),
            ChangeDetectionStrategy.Cache => new CacheBasedManager<T>(kind, new TtlObjectStore<T>(context), metrics),
            _ => new CacheBasedManager<T>(kind, new WatchObjectStore<T>(context), metrics),
        };
    }
}
