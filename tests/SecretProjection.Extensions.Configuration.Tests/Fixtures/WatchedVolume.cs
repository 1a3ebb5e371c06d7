using Microsoft.Extensions.Primitives;

namespace SecretProjection.Extensions.Configuration.Tests.Fixtures;

/// <summary>A volume holding a first generation, watched by events, recording the generation at each firing.</summary>
internal sealed class WatchedVolume : IDisposable
{
    private readonly IDisposable _subscription;

    private WatchedVolume(KubeletVolume volume)
    {
        Volume = volume;
        Watcher = SecretVolume.Watch(volume.Path);
        _subscription = ChangeToken.OnChange(Watcher.GetChangeToken, () => Fired.Add(Watcher.CurrentGeneration));
    }

    public KubeletVolume Volume { get; }

    public ISecretVolumeWatcher Watcher { get; }

    public Recorder<string?> Fired { get; } = new();

    public static WatchedVolume Holding(IReadOnlyDictionary<string, string> files)
    {
        var volume = KubeletVolume.Create();
        volume.Write(files);
        return new WatchedVolume(volume);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        Watcher.Dispose();
        Volume.Dispose();
    }
}
