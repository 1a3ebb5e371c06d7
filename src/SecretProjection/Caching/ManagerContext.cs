using Microsoft.Extensions.Logging;
using SecretProjection.Sources;

namespace SecretProjection.Caching;

/// <summary>What every part of one manager shares.</summary>
/// <typeparam name="T">The object type.</typeparam>
internal sealed record ManagerContext<T>(
    ObjectKind<T> Kind,
    IObjectSource<T> Source,
    ObjectManagerOptions Options,
    TimeProvider Time,
    ILogger Logger,
    CachingMetrics Metrics,
    Func<double> Jitter)
    where T : class;
