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

    public PodSyncFactory(
        IObjectManager<Secret> secrets,
        IObjectManager<ConfigMap> configMaps,
        IOptions<SecretProjectionOptions> options,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        IServiceAccountTokenSource? tokens = null,
        IClusterObjectSource? cluster = null)
    {
        _secrets = secrets;
        _configMaps = configMaps;
        _options = options;
        _time = time;
        _loggerFactory = loggerFactory;
        _meterFactory = meterFactory;
        _tokens = tokens;
        _cluster = cluster;
    }

    public IPodSync Create(Pod pod, Func<string, IVolumeFileSystem> volumes)
    {
        var options = _options.Value;
        return PodSync.Create(pod, _secrets, _configMaps, volumes, options.Sync, options.Planning, options.Environment, _time, _loggerFactory, _meterFactory, _tokens, _cluster);
    }
}
