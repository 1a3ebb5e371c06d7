using System.Diagnostics.Metrics;
using SecretProjection.Diagnostics;

namespace SecretProjection.Syncing;

/// <summary>
/// The sync's instrument: <c>secretprojection.volume.projection.duration</c> (seconds to plan and write one
/// volume), tagged with <c>result</c> (written, unchanged, failed) and <c>trigger</c> (initial, change, periodic).
/// </summary>
internal sealed class SyncMetrics
{
    private readonly Histogram<double> _duration;

    public SyncMetrics(IMeterFactory? meterFactory)
    {
        var meter = SecretProjectionMeter.Get(meterFactory);
        _duration = meter.CreateHistogram<double>("secretprojection.volume.projection.duration", "s", "Time to plan and write one volume.");
    }

    public void Projected(TimeSpan duration, SyncEventKind result, SyncTrigger trigger) =>
        _duration.Record(
            duration.TotalSeconds,
            KeyValuePair.Create("result", (object?)Result(result)),
            KeyValuePair.Create("trigger", (object?)Trigger(trigger)));

    /// <summary>The <c>result</c> tag: written, unchanged or failed.</summary>
    public static string Result(SyncEventKind result) => result switch
    {
        SyncEventKind.VolumeWritten => "written",
        SyncEventKind.VolumeUnchanged => "unchanged",
        _ => "failed",
    };

    /// <summary>The <c>trigger</c> tag: initial, change, periodic or retry.</summary>
    public static string Trigger(SyncTrigger trigger) => trigger.ToString().ToLowerInvariant();

}
