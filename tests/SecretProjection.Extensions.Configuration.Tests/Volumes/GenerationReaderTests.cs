using System.IO.Abstractions;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Extensions.Configuration.Tests.Fixtures;
using SecretProjection.Extensions.Configuration.Volumes;

namespace SecretProjection.Extensions.Configuration.Tests.Volumes;

public sealed class GenerationReaderTests
{
    [Property(MaxTest = 30)]
    public Property Reads_exactly_the_files_of_the_current_generation(NonEmptyArray<PositiveInt> ids, NonEmptyString value)
    {
        var files = ids.Get.Select(id => id.Get % 1000).Distinct().ToDictionary(id => $"key-{id}", id => $"{value.Get}/{id}");
        using var volume = KubeletVolume.Create();
        volume.Write(new Dictionary<string, string> { ["stale"] = "old" });
        var generation = volume.Write(files);

        var snapshot = GenerationReader.Read(new FileSystem(), volume.Path, _ => true);

        var expected = files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}");
        var actual = snapshot.Files.Select(f => $"{f.Name}={Encoding.UTF8.GetString(f.Content)}");
        return (snapshot.Generation == generation && expected.SequenceEqual(actual)).ToProperty();
    }

    [Fact]
    public void Reads_a_plain_directory_as_it_is_skipping_writer_entries()
    {
        using var volume = KubeletVolume.NotYetCreated();
        Directory.CreateDirectory(Path.Combine(volume.Path, "..2026_01_01_00_00_00.1"));
        File.WriteAllText(Path.Combine(volume.Path, "..data_tmp"), "writer's");
        File.WriteAllText(Path.Combine(volume.Path, "token"), "t");

        var snapshot = GenerationReader.Read(new FileSystem(), volume.Path, _ => true);

        Assert.Null(snapshot.Generation);
        Assert.Equal(["token"], snapshot.Files.Select(f => f.Name));
    }

    [Fact]
    public void A_missing_directory_is_a_directory_not_found()
    {
        using var volume = KubeletVolume.NotYetCreated();

        Assert.Throws<DirectoryNotFoundException>(() => GenerationReader.Read(new FileSystem(), volume.Path, _ => true));
        Assert.Null(GenerationReader.TryReadNewer(new FileSystem(), volume.Path, _ => true, loadedGeneration: null));
    }

    [Fact]
    public void Describes_files_without_their_contents()
    {
        Assert.Equal("password (6 bytes)", new VolumeFile("password", Encoding.UTF8.GetBytes("hunter")).ToString());
    }
}
