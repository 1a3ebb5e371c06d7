using System.IO.Abstractions;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using SecretProjection.Extensions.Configuration.Volumes;
using SecretProjection.Extensions.Configuration.Watching;

namespace SecretProjection.Extensions.Configuration.Providers;

/// <summary>
/// One key per top-level file of a projected volume. Each load reads one whole generation and publishes
/// it as a new dictionary, so readers see either the old generation or the new one, never a mix.
/// </summary>
internal sealed class SecretVolumeConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly IFileSystem _fileSystem;
    private readonly string _directory;
    private readonly SecretVolumeConfigurationOptions _options;
    private readonly SecretVolumeWatcher? _watcher;
    private readonly IDisposable? _subscription;
    private readonly Lock _loadGate = new();
    private string? _loadedGeneration;
    private bool _loaded;

    internal SecretVolumeConfigurationProvider(IFileSystem fileSystem, string directory, SecretVolumeConfigurationOptions options)
    {
        _fileSystem = fileSystem;
        _directory = directory;
        _options = options;
        if (options.ReloadOnChange)
        {
            // Subscribed before the first load: a swap during that load still reloads.
            _watcher = new SecretVolumeWatcher(fileSystem, directory, options.Watch);
            _subscription = ChangeToken.OnChange(_watcher.GetChangeToken, Reload);
        }
    }

    /// <inheritdoc />
    public override void Load()
    {
        lock (_loadGate)
        {
            VolumeSnapshot snapshot;
            try
            {
                snapshot = GenerationReader.Read(_fileSystem, _directory, IsKeyFile);
            }
            catch (DirectoryNotFoundException) when (_options.Optional)
            {
                snapshot = new VolumeSnapshot(null, []);
            }
            catch (Exception e) when (!_loaded && e is IOException or UnauthorizedAccessException)
            {
                // The configuration build fails: nothing will dispose this provider, so stop watching now.
                Dispose();
                if (e is DirectoryNotFoundException)
                {
                    throw new DirectoryNotFoundException($"The secret volume directory '{_directory}' does not exist and is not optional.", e);
                }

                throw;
            }

            Publish(snapshot);
            _loaded = true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _subscription?.Dispose();
        _watcher?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(SecretVolumeConfigurationProvider)} for '{_directory}' ({(_options.Optional ? "Optional" : "Required")})";

    private void Reload()
    {
        lock (_loadGate)
        {
            var next = GenerationReader.TryReadNewer(_fileSystem, _directory, IsKeyFile, _loadedGeneration);
            if (next is not null)
            {
                Publish(next);
                OnReload();
            }
        }
    }

    private void Publish(VolumeSnapshot snapshot)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in snapshot.Files)
        {
            data[file.Name.Replace(_options.SectionDelimiter, ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = Decode(file.Content);
        }

        Data = data;
        _loadedGeneration = snapshot.Generation;
    }

    private bool IsKeyFile(string name) =>
        !(_options.IgnoreCondition?.Invoke(name) ?? (_options.IgnorePrefix is { } prefix && name.StartsWith(prefix, StringComparison.Ordinal)));

    // As KeyPerFile: text with its byte-order mark honoured, one trailing newline dropped.
    private static string Decode(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        return text.EndsWith(System.Environment.NewLine, StringComparison.Ordinal) ? text[..^System.Environment.NewLine.Length] : text;
    }
}
