using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Writing;

namespace SecretProjection.DependencyInjection;

/// <summary>The registered <see cref="IPodSyncFactory"/>: pod syncs over the registered managers and options.</summary>
internal sealed class PodSyncFactory : IPodSyncFactory
{
    private readonly IObjectManager<Secret> _secrets;
    private readonly IObjectManager<ConfigMap> _configMaps;
    private readonly IOptions<SecretProjectionOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IMeterFactory? _meterFactory;
    private readonly IServiceAccountTokenSource? _tokens;
    private readonly IClusterObjectSource? _cluster;
    private readonly IObjectSource<Pod>? _pods;

    public PodSyncFactory(
        IObjectManager<Secret> secrets,
        IObjectManager<ConfigMap> configMaps,
        IOptions<SecretProjectionOptions> options,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        IServiceAccountTokenSource? tokens = null,
        IClusterObjectSource? cluster = null,
        IObjectSource<Pod>? pods = null)
    {
        _pods = pods;
        _secrets = secrets;
        _configMaps = configMaps;
        _options = options;
        _time = time;
        _loggerFactory = loggerFactory;
        _meterFactory = meterFactory;
        _tokens = tokens;
        _cluster = cluster;
    }

    /// <summary>The sync of one pod, which follows the pod on the registered <see cref="IObjectSource{T}"/> of pods, if any.</summary>
    public IPodSync Create(Pod pod, Func<string, IVolumeFileSystem> volumes) => Create(pod, volumes, _pods);

    /// <summary>
    /// The sync of one pod the node agent feeds through <see cref="IPodUpdates"/> from its watch of the node's pods:
    /// no watch of its own.
    /// </summary>
    public IPodSync CreateFed(Pod pod, Func<string, IVolumeFileSystem> volumes) => Create(pod, volumes, pods: null);

    private IPodSync Create(Pod pod, Func<string, IVolumeFileSystem> volumes, IObjectSource<Pod>? pods)
    {
        var options = _options.Value;
        return PodSync.Create(
            pod, _secrets, _configMaps, volumes, options.Sync, options.Planning, options.Environment, _time, _loggerFactory, _meterFactory, _tokens, _cluster,
            pods: pods, podChangeDetection: options.Objects);
    }
}
