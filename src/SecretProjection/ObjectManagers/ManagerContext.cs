using Microsoft.Extensions.Logging;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>What every part of one manager shares.</summary>
/// <typeparam name="T">The object type.</typeparam>
internal sealed record ManagerContext<T>(
    ManagedKind<T> Kind,
    IObjectSource<T> Source,
    ObjectManagerOptions Options,
    TimeProvider Time,
    ILogger Logger,
    ObjectManagerMetrics Metrics,
    Func<double> Jitter)
    where T : class
{
    /// <summary>What the reflectors of this manager's objects share.</summary>
    public ReflectorSettings Reflector { get; } = new(Kind.Name, Options, Time, Logger, Metrics, Jitter);

    /// <summary>Gets the object from the source (a <c>get</c> fetch in the metrics); a source failure is a failed lookup.</summary>
    public async ValueTask<LookupResult<T>> FetchAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Metrics.Fetch("get");
        try
        {
            return await Source.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectSourceException e)
        {
            return LookupResult<T>.Failed(e.Message);
        }
    }
}
