using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using SecretProjection.Extensions.Configuration.Tests.Fixtures;

namespace SecretProjection.Extensions.Configuration.Tests.Providers;

/// <summary>
/// Why this package exists: Microsoft.Extensions.Configuration.KeyPerFile with <c>reloadOnChange: true</c>
/// misses kubelet updates, because every entry the writer touches (<c>..&lt;timestamp&gt;</c>,
/// <c>..data_tmp</c>, <c>..data</c>) starts with a dot and the physical file watcher drops those events.
/// </summary>
public sealed class KeyPerFileTests
{
    private const string Connection = "Database:ConnectionString";

    [Fact]
    public async Task Key_per_file_does_not_reload_on_a_kubelet_update_where_the_secret_volume_does()
    {
        using var volume = KubeletVolume.Create();
        volume.Write(Generations.Numbered(1));
        var keyPerFile = new ConfigurationBuilder().AddKeyPerFile(volume.Path, optional: false, reloadOnChange: true).Build();
        var secretVolume = new ConfigurationBuilder().AddSecretVolume(volume.Path).Build();
        var keyPerFileReloads = new Recorder<string?>();
        var secretVolumeReloads = new Recorder<string?>();
        using var keyPerFileSubscription = ChangeToken.OnChange(keyPerFile.GetReloadToken, () => keyPerFileReloads.Add(keyPerFile["sentinel"]));
        using var secretVolumeSubscription = ChangeToken.OnChange(secretVolume.GetReloadToken, () => secretVolumeReloads.Add(secretVolume[Connection]));

        volume.Write(Generations.Numbered(2));

        Assert.Equal("gen-2", await secretVolumeReloads.NextAsync());
        Assert.Equal("gen-1", keyPerFile[Connection]);

        // A plain file is an event KeyPerFile does see. Had the swap made it reload, that reload would be
        // recorded first, without the sentinel. (Written aside under a dot name, which KeyPerFile ignores,
        // then renamed, so that it never reads the sentinel half-written.)
        var aside = Path.Combine(volume.Path, ".sentinel");
        await File.WriteAllTextAsync(aside, "present");
        File.Move(aside, Path.Combine(volume.Path, "sentinel"));
        Assert.Equal("present", await keyPerFileReloads.NextAsync());

        // Only now, woken by an unrelated file, does it read generation 2 (through the visible links).
        Assert.Equal("gen-2", keyPerFile[Connection]);
    }
}
