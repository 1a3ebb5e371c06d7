using System.IO.Abstractions;
using Microsoft.Extensions.Primitives;
using SecretProjection.Extensions.Configuration.Volumes;
using SecretProjection.Extensions.Configuration.Watching;

namespace SecretProjection.Extensions.Configuration.Files;

/// <summary>
/// One file of a projected volume, re-read from each new generation before its change token fires.
/// </summary>
internal sealed class SecretFile : ISecretFile
{
    private readonly IFileSystem _fileSystem;
    private readonly string _directory;
    private readonly string _name;
    private readonly SecretVolumeWatcher _watcher;
    private readonly IDisposable _subscription;
    private CancellationTokenSource _tokenSource = new();
    private VolumeSnapshot _snapshot;

    internal SecretFile(IFileSystem fileSystem, string path, SecretVolumeWatchOptions options)
    {
        _fileSystem = fileSystem;
        _directory = fileSystem.Path.GetDirectoryName(path) ?? throw new ArgumentException("The path has no directory.", nameof(path));
        _name = fileSystem.Path.GetFileName(path);
        _watcher = new SecretVolumeWatcher(fileSystem, _directory, options);
        try
        {
            _snapshot = ReadRequired();
            _subscription = ChangeToken.OnChange(_watcher.GetChangeToken, Reload);
        }
        catch
        {
            _watcher.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> Content => Volatile.Read(ref _snapshot).Files[0].Content;

    /// <inheritdoc />
    public string? Generation => Volatile.Read(ref _snapshot).Generation;

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _tokenSource).Token);

    /// <inheritdoc />
    public void Dispose()
    {
        _subscription.Dispose();
        _watcher.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(SecretFile)} '{_name}' in '{_directory}'";

    private bool IsThisFile(string name) => name == _name;

    private VolumeSnapshot ReadRequired()
    {
        var snapshot = GenerationReader.Read(_fileSystem, _directory, IsThisFile);
        return snapshot.Files.Count == 1
            ? snapshot
            : throw new FileNotFoundException($"The projected volume '{_directory}' has no file '{_name}'.", _fileSystem.Path.Combine(_directory, _name));
    }

    private void Reload()
    {
        var next = GenerationReader.TryReadNewer(_fileSystem, _directory, IsThisFile, Volatile.Read(ref _snapshot).Generation);
        if (next is { Files.Count: 1 })
        {
            Volatile.Write(ref _snapshot, next);
            Interlocked.Exchange(ref _tokenSource, new CancellationTokenSource()).Cancel();
        }
    }
}
