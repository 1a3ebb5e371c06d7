using System.IO.Abstractions;
using Microsoft.Extensions.Configuration;

namespace SecretProjection.Extensions.Configuration.Providers;

/// <summary>A projected volume as a configuration source.</summary>
internal sealed class SecretVolumeConfigurationSource(IFileSystem fileSystem, string directory, SecretVolumeConfigurationOptions options) : IConfigurationSource
{
    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new SecretVolumeConfigurationProvider(fileSystem, directory, options);
}
