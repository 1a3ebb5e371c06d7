using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretProjection.Agent;
using SecretProjection.DependencyInjection;
using SecretProjection.Hosting.HealthChecks;
using SecretProjection.Linux.Agent;
using SecretProjection.Linux.Volumes;
using SecretProjection.Syncing;

namespace SecretProjection.Hosting.DependencyInjection;

/// <summary>Registers the node agent as a hosted service.</summary>
public static class SecretProjectionAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecretProjectionAgentOptions"/> (validated when the host starts), what
    /// <c>AddSecretProjection</c> registers (the shared managers and <see cref="IPodSyncFactory"/>), the
    /// <see cref="INodeAgent"/>, its <see cref="NodeAgentService"/> (a hosted <c>BackgroundService</c>), an
    /// <see cref="INodeVolumeHost"/> on <see cref="SecretProjectionAgentOptions.Root"/> unless one is registered, and
    /// two health checks (<see cref="AgentHealthChecks"/>). An <see cref="INodePodSource"/> must be registered:
    /// <c>AddKubernetesSources</c> registers one with the Secret and ConfigMap sources.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSecretProjectionAgent(this IServiceCollection services, Action<SecretProjectionAgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSecretProjection();
        services.AddOptions<SecretProjectionAgentOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretProjectionAgentOptions>, SecretProjectionAgentOptionsValidator>());
        services.TryAddSingleton<INodeVolumeHost>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SecretProjectionAgentOptions>>().Value;
            return new KubeletVolumeHost(options.Root, options.Tmpfs ? new TmpfsOptions() : null);
        });
        services.TryAddSingleton(provider => NodeAgent.Create(
            provider.GetRequiredService<IOptions<SecretProjectionAgentOptions>>().Value.NodeName,
            provider.GetRequiredService<INodePodSource>(),
            provider.GetRequiredService<INodeVolumeHost>(),
            provider.GetRequiredService<IPodSyncFactory>(),
            provider.GetRequiredService<IOptions<SecretProjectionOptions>>().Value.Objects,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>()));
        services.TryAddSingleton<NodeAgentService>();
        services.AddHostedService(provider => provider.GetRequiredService<NodeAgentService>());
        services.AddHealthChecks()
            .AddCheck<AgentLivenessCheck>(AgentHealthChecks.LiveName, tags: [AgentHealthChecks.LiveTag])
            .AddCheck<AgentReadinessCheck>(AgentHealthChecks.ReadyName, tags: [AgentHealthChecks.ReadyTag]);
        return services;
    }
}
