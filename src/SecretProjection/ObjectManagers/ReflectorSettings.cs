using Microsoft.Extensions.Logging;

namespace SecretProjection.ObjectManagers;

/// <summary>What every reflector of one kind shares.</summary>
/// <param name="Kind">The kind, as the logs name it: <c>Secret</c>.</param>
/// <param name="Options">The backoff settings.</param>
/// <param name="Time">The clock.</param>
/// <param name="Logger">Where to log.</param>
/// <param name="Metrics">The fetch, restart and relist counters.</param>
/// <param name="Jitter">Draws the backoff's random part (0..1).</param>
internal sealed record ReflectorSettings(
    string Kind,
    ObjectManagerOptions Options,
    TimeProvider Time,
    ILogger Logger,
    ObjectManagerMetrics Metrics,
    Func<double> Jitter);
