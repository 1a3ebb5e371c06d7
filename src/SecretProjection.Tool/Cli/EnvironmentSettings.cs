using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecretProjection.DependencyInjection;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// The library's options that the long-running verbs (<c>sync</c>, <c>agent</c>) read from <c>SECRETPROJECTION_</c>
/// environment variables, named by the options' paths (<c>SECRETPROJECTION_Objects__SyncTimeout=00:00:05</c>): what
/// has no flag can still be set where the tool runs, as in a DaemonSet's <c>env</c>. The flags are applied after them.
/// </summary>
internal static class EnvironmentSettings
{
    public const string Prefix = "SECRETPROJECTION_";

    /// <summary>Adds the <c>SECRETPROJECTION_</c> environment variables to a configuration.</summary>
    public static IConfigurationBuilder AddTo(IConfigurationBuilder configuration) =>
        configuration.AddEnvironmentVariables(Prefix);

    /// <summary>Binds <see cref="SecretProjectionOptions"/> to <paramref name="configuration"/>; register it before the flags.</summary>
    public static IServiceCollection Bind(IServiceCollection services, IConfiguration configuration) =>
        services.Configure<SecretProjectionOptions>(configuration);
}
