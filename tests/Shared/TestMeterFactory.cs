using System.Diagnostics.Metrics;

namespace SecretProjection.TestSupport;

/// <summary>
/// A meter factory whose meters are scoped to it, so that a <c>MetricCollector</c> given this factory's scope sees
/// the instruments of the code under test only, not those of tests running beside it.
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
        }
    }
}
