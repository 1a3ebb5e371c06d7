using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Extensions.Configuration.Providers;
using SecretProjection.Extensions.Configuration.Tests.Fixtures;
using SecretProjection.Extensions.Configuration.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Extensions.Configuration.Tests.Volumes;

/// <summary>The provider's and the reader's reads through <c>IFileSystem</c>, on <see cref="MockFileSystem"/>.</summary>
public sealed class MockFileSystemReadTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public void Reads_the_generation_that_data_names_and_nothing_else()
    {
        var volume = new MockVolume();
        volume.Write(new Dictionary<string, string> { ["old"] = "gone" });
        var generation = volume.Write(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        volume.FileSystem.AddDirectory($"{MockVolume.Path}/..2026_01_01_00_00_01.99"); // a generation being written
        volume.FileSystem.AddFile($"{MockVolume.Path}/stray", new MockFileData("not in the generation"));

        var snapshot = GenerationReader.Read(volume.FileSystem, MockVolume.Path, _ => true);

        Assert.Equal(generation, snapshot.Generation);
        Assert.Equal(["a=1", "b=2"], snapshot.Files.Select(f => $"{f.Name}={Encoding.UTF8.GetString(f.Content)}"));
    }

    [Fact]
    public void Reads_a_plain_directory_as_it_is_skipping_writer_entries()
    {
        var fileSystem = new MockFileSystem();
        fileSystem.AddFile("/plain/token", new MockFileData("t"));
        fileSystem.AddFile("/plain/..data_tmp", new MockFileData("the writer's"));

        var snapshot = GenerationReader.Read(fileSystem, "/plain", _ => true);

        Assert.Null(snapshot.Generation);
        Assert.Equal(["token"], snapshot.Files.Select(f => f.Name));
    }

    [Fact]
    public void A_missing_directory_is_not_found_and_a_reload_keeps_what_it_has()
    {
        var fileSystem = new MockFileSystem();

        Assert.Throws<DirectoryNotFoundException>(() => GenerationReader.Read(fileSystem, "/missing", _ => true));
        Assert.Null(GenerationReader.TryReadNewer(fileSystem, "/missing", _ => true, loadedGeneration: "..2026_01_01_00_00_00.1"));
    }

    [Fact]
    public void Maps_files_to_keys_as_key_per_file_does()
    {
        var volume = new MockVolume();
        volume.Write(new Dictionary<string, byte[]>
        {
            ["Database__Password"] = Encoding.UTF8.GetBytes("hunter2" + System.Environment.NewLine),
            ["bom"] = [.. Encoding.UTF8.GetPreamble(), .. "text"u8],
            ["ignore.me"] = "x"u8.ToArray(),
        });

        var configuration = Build(volume.FileSystem, MockVolume.Path, o => o.ReloadOnChange = false);

        Assert.Equal("hunter2", configuration["Database:Password"]);
        Assert.Equal("text", configuration["bom"]);
        Assert.Null(configuration["ignore.me"]);
    }

    [Fact]
    public void A_missing_directory_fails_the_build_unless_optional()
    {
        var fileSystem = new MockFileSystem();

        var failure = Assert.Throws<DirectoryNotFoundException>(() => Build(fileSystem, "/etc/absent", o => o.ReloadOnChange = false));
        Assert.Contains("'/etc/absent' does not exist and is not optional", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Build(fileSystem, "/etc/absent", o => (o.ReloadOnChange, o.Optional) = (false, true)).AsEnumerable());
    }

    [Fact]
    public void A_swap_seen_by_polling_reloads_the_new_generation_once()
    {
        var volume = new MockVolume();
        volume.Write(Generations.Numbered(1));
        var time = new FakeTimeProvider();
        var configuration = Build(volume.FileSystem, MockVolume.Path, o =>
        {
            o.Watch.UseFileSystemWatcher = false;
            o.Watch.PollingInterval = Interval;
            o.Watch.TimeProvider = time;
        });
        var reloads = 0;
        using var subscription = Microsoft.Extensions.Primitives.ChangeToken.OnChange(configuration.GetReloadToken, () => reloads++);

        time.Advance(Interval);
        Assert.Equal(0, reloads);
        volume.Write(Generations.Numbered(2));
        time.Advance(Interval);
        time.Advance(Interval);

        Assert.Equal(1, reloads);
        Assert.All(Generations.Keys, key => Assert.Equal("gen-2", configuration[key.Replace("__", ":", StringComparison.Ordinal)]));
    }

    [Fact]
    public void The_reader_names_the_writers_layout()
    {
        // This package does not reference the core; the names it reads are the ones the core's writer writes.
        Assert.Equal(VolumeLayout.DataDirectory, ProjectedVolumeLayout.DataLinkName);
        foreach (var name in new[] { VolumeLayout.DataDirectory, VolumeLayout.NewDataDirectory, "..2026_01_01_00_00_00.1", "key", ".key", "a..b" })
        {
            Assert.Equal(VolumeLayout.IsReserved(name), ProjectedVolumeLayout.IsWriterEntry(name));
        }
    }

    private static IConfigurationRoot Build(MockFileSystem fileSystem, string directory, Action<SecretVolumeConfigurationOptions> configure)
    {
        var options = new SecretVolumeConfigurationOptions();
        configure(options);
        return new ConfigurationBuilder().Add(new SecretVolumeConfigurationSource(fileSystem, directory, options)).Build();
    }
}
