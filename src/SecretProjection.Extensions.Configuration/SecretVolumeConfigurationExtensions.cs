using System.IO.Abstractions;
using Microsoft.Extensions.Configuration;
using SecretProjection.Extensions.Configuration.Providers;

namespace SecretProjection.Extensions.Configuration;

/// <summary>
/// Adds a projected Secret (or ConfigMap) volume to configuration.
/// </summary>
public static class SecretVolumeConfigurationExtensions
{
    /// <summary>
    /// Adds the files of the projected volume at <paramref name="directory"/> as configuration, one key per
    /// file, reloaded as a whole at each generation swap.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="directory">The volume's mount path, the directory holding <c>..data</c>.</param>
    /// <param name="configure">Adjusts the <see cref="SecretVolumeConfigurationOptions"/> defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The section delimiter is empty.</exception>
    public static IConfigurationBuilder AddSecretVolume(
        this IConfigurationBuilder builder,
        string directory,
        Action<SecretVolumeConfigurationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var options = new SecretVolumeConfigurationOptions();
        configure?.Invoke(options);
        ArgumentException.ThrowIfNullOrEmpty(options.SectionDelimiter, "options.SectionDelimiter");
        var fileSystem = new FileSystem();
        return builder.Add(new SecretVolumeConfigurationSource(fileSystem, fileSystem.Path.GetFullPath(directory), options));
    }
}
