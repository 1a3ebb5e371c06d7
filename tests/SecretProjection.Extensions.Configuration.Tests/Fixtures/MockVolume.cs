using System.IO.Abstractions.TestingHelpers;
using System.Text;

namespace SecretProjection.Extensions.Configuration.Tests.Fixtures;

/// <summary>
/// A projected volume laid out in a <see cref="MockFileSystem"/> as the kubelet lays it out: each generation in
/// <c>..&lt;timestamp&gt;/</c>, <c>..data</c> linked to the current one, the previous one removed.
/// </summary>
internal sealed class MockVolume
{
    public const string Path = "/etc/secrets";

    private int _generations;
    private string? _current;

    public MockFileSystem FileSystem { get; } = new();

    /// <summary>Writes a generation and points <c>..data</c> at it; returns its name.</summary>
    public string Write(IReadOnlyDictionary<string, string> files) =>
        Write(files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Value), StringComparer.Ordinal));

    /// <inheritdoc cref="Write(IReadOnlyDictionary{string, string})"/>
    public string Write(IReadOnlyDictionary<string, byte[]> files)
    {
        var generation = $"..2026_01_01_00_00_00.{++_generations}";
        FileSystem.AddDirectory($"{Path}/{generation}");
        foreach (var (name, content) in files)
        {
            FileSystem.AddFile($"{Path}/{generation}/{name}", new MockFileData(content));
        }

        var data = $"{Path}/..data";
        if (FileSystem.FileExists(data))
        {
            FileSystem.File.Delete(data);
        }

        // Relative, as the kubelet writes it. (MockFileSystem's CreateSymbolicLink takes only an existing file as
        // its target, found from the working directory: a link to a directory cannot be made with it.)
        FileSystem.AddFile(data, new MockFileData([]) { LinkTarget = generation });
        if (_current is not null)
        {
            FileSystem.Directory.Delete($"{Path}/{_current}", recursive: true);
        }

        _current = generation;
        return generation;
    }
}
