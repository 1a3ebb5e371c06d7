using System.IO.Abstractions;
using SecretProjection.Extensions.Configuration.Files;
using SecretProjection.Extensions.Configuration.Watching;

namespace SecretProjection.Extensions.Configuration;

/// <summary>
/// Entry points for following a projected Secret (or ConfigMap) volume from an application.
/// </summary>
public static class SecretVolume
{
    /// <summary>
    /// Watches <paramref name="directory"/> (a volume's mount path) for generation swaps.
    /// </summary>
    /// <param name="directory">The volume directory, the one holding <c>..data</c>.</param>
    /// <param name="options">How to watch; the defaults of <see cref="SecretVolumeWatchOptions"/> when omitted.</param>
    /// <returns>A watcher to dispose when no longer needed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The polling interval is not positive.</exception>
    public static ISecretVolumeWatcher Watch(string directory, SecretVolumeWatchOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new SecretVolumeWatcher(new FileSystem(), directory, options ?? new SecretVolumeWatchOptions());
    }

    /// <summary>
    /// Opens one file of a projected volume, for example <c>/etc/tls/tls.crt</c>, whose bytes follow rotation.
    /// </summary>
    /// <param name="path">
    /// The file's visible path; its directory must be the volume directory (the one holding <c>..data</c>),
    /// so a file under a nested item path such as <c>tls/cert.pem</c> is not followed.
    /// </param>
    /// <param name="options">How to watch; the defaults of <see cref="SecretVolumeWatchOptions"/> when omitted.</param>
    /// <returns>The file, to dispose when no longer needed.</returns>
    /// <exception cref="FileNotFoundException">The current generation has no such file.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The polling interval is not positive.</exception>
    public static ISecretFile OpenFile(string path, SecretVolumeWatchOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileSystem = new FileSystem();
        return new SecretFile(fileSystem, fileSystem.Path.GetFullPath(path), options ?? new SecretVolumeWatchOptions());
    }
}
