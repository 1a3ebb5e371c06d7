using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Projection;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using SecretProjection.Writing;

namespace SecretProjection.Syncing;

/// <summary>Creates pod syncs outside dependency injection (inside it, resolve <see cref="IPodSyncFactory"/>).</summary>
public static class PodSync
{
    /// <summary>The logger category of the pod syncs.</summary>
    internal const string LoggerCategory = "SecretProjection.Syncing";

    /// <summary>Creates the sync of one pod.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="secrets">The Secret manager.</param>
    /// <param name="configMaps">The ConfigMap manager.</param>
    /// <param name="volumes">The directory of each volume, by volume name; called once per volume until it succeeds.</param>
    /// <param name="options">The options; the defaults when <see langword="null"/>.</param>
    /// <param name="planning">How volumes are planned; <see cref="PlanningOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="environment">How environments are resolved for the drift signal; <see cref="EnvResolverOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">Where to publish metrics; a meter of its own when <see langword="null"/>.</param>
    /// <param name="tokens">
    /// Issues the tokens of <c>serviceAccountToken</c> sources (TokenRequest); without it, such volumes fail as needing a cluster.
    /// </param>
    /// <param name="cluster">
    /// Reads the pod's Node and the ClusterTrustBundles when its sources need them; without it, such volumes fail as needing a cluster.
    /// </param>
    /// <param name="random">The randomness of the token renewal's jitter (0–9 s, as the kubelet's); the shared <see cref="Random"/> when <see langword="null"/>.</param>
    /// <param name="pods">
    /// Where the pod is read again, so that a change of its labels or annotations rewrites its downwardAPI files and its
    /// deletion ends the sync (<see cref="SyncTrigger.PodUpdate"/>, <see cref="SyncEventKind.PodDeleted"/>); without it, the
    /// sync keeps the pod it was given.
    /// </param>
    /// <param name="podChangeDetection">
    /// How <paramref name="pods"/> is followed: under <see cref="ChangeDetectionStrategy.Watch"/> (the default) a watch of
    /// the one pod (<c>fieldSelector=metadata.name=NAME</c>) with its backoff; under Get and Cache a read at each
    /// periodic sync. The defaults when <see langword="null"/>.
    /// </param>
    /// <returns>The sync; nothing runs until <see cref="IPodSync.RunAsync"/>.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static IPodSync Create(
        Pod pod,
        IObjectManager<Secret> secrets,
        IObjectManager<ConfigMap> configMaps,
        Func<string, IVolumeFileSystem> volumes,
        PodSyncOptions? options = null,
        PlanningOptions? planning = null,
        EnvResolverOptions? environment = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        IServiceAccountTokenSource? tokens = null,
        IClusterObjectSource? cluster = null,
        Random? random = null,
        IObjectSource<Pod>? pods = null,
        ObjectManagerOptions? podChangeDetection = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(configMaps);
        ArgumentNullException.ThrowIfNull(volumes);
        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);
        return new PodSynchronizer(
            pod,
            secrets,
            configMaps,
            volumes,
            PodSyncOptionsValidator.Checked(options),
            planning ?? PlanningOptions.Default,
            environment ?? EnvResolverOptions.Default,
            time,
            logger,
            meterFactory,
#pragma warning disable RS0030 // Banned API: the default of an injected Random.
            new ClusterReader(pod, tokens, cluster, time, random ?? Random.Shared, logger),
#pragma warning restore RS0030
            pods is null ? null : new PodFollowing(pods, ObjectManagerOptionsValidator.Checked(podChangeDetection), ObjectManager.DefaultJitter));
    }
}
