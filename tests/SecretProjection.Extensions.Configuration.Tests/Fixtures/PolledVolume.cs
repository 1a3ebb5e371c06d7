using Microsoft.Extensions.Time.Testing;

namespace SecretProjection.Extensions.Configuration.Tests.Fixtures;

/// <summary>A volume holding a first generation, watched by polling on a fake clock: every step is deterministic.</summary>
internal sealed class PolledVolume : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private PolledVolume(KubeletVolume volume) => Volume = volume;

    public KubeletVolume Volume { get; }

    public FakeTimeProvider Time { get; } = new();

    public static PolledVolume Holding(IReadOnlyDictionary<string, string> files)
    {
        var polled = new PolledVolume(KubeletVolume.Create());
        polled.Volume.Write(files);
        return polled;
    }

    /// <summary>Events and polling, the polling on the fake clock.</summary>
    public SecretVolumeWatchOptions OptionsWithEvents() => new() { PollingInterval = Interval, TimeProvider = Time };

    /// <summary>Polling only, on the fake clock.</summary>
    public SecretVolumeWatchOptions Options() => ApplyTo(new SecretVolumeWatchOptions());

    public SecretVolumeWatchOptions ApplyTo(SecretVolumeWatchOptions options)
    {
        options.UseFileSystemWatcher = false;
        options.PollingInterval = Interval;
        options.TimeProvider = Time;
        return options;
    }

    /// <summary>One polling interval passes.</summary>
    public void Tick() => Time.Advance(Interval);

    public void Dispose() => Volume.Dispose();
}
