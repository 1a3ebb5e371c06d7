using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using SecretProjection.Syncing;

namespace SecretProjection.DependencyInjection;

/// <summary>Registers SecretProjection's change detection and pod sync.</summary>
public static class SecretProjectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecretProjectionOptions"/> (validated when the host starts),
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered, the Secret and ConfigMap
    /// managers (<see cref="IObjectManager{T}"/>, singletons, which need an <see cref="IObjectSource{T}"/> of each
    /// kind registered by the caller) and <see cref="IPodSyncFactory"/>. Logs through <see cref="ILoggerFactory"/> and
    /// publishes metrics through <see cref="IMeterFactory"/> when they are registered; the pod syncs ask for tokens and
    /// cluster objects through <see cref="IServiceAccountTokenSource"/> and <see cref="IClusterObjectSource"/> when
    /// they are registered, and follow their pod (labels and annotations to downwardAPI files, its deletion ending the
    /// sync) through an <see cref="IObjectSource{T}"/> of <see cref="Pod"/> when one is registered, by the strategy of
    /// <see cref="SecretProjectionOptions.Objects"/> (<c>AddKubernetesSources</c> registers all three). Calling it again only adds
    /// the configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; the defaults when <see langword="null"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSecretProjection(this IServiceCollection services, Action<SecretProjectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SecretProjectionOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretProjectionOptions>, SecretProjectionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => CreateManager(provider, ManagedKinds.Secret));
        services.TryAddSingleton(provider => CreateManager(provider, ManagedKinds.ConfigMap));
        services.TryAddSingleton<IPodSyncFactory>(provider => new PodSyncFactory(
            provider.GetRequiredService<IObjectManager<Secret>>(),
            provider.GetRequiredService<IObjectManager<ConfigMap>>(),
            provider.GetRequiredService<IOptions<SecretProjectionOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>(),
            provider.GetService<IServiceAccountTokenSource>(),
            provider.GetService<IClusterObjectSource>(),
            provider.GetService<IObjectSource<Pod>>()));
        return services;
    }

    private static IObjectManager<T> CreateManager<T>(IServiceProvider provider, ManagedKind<T> kind)
        where T : class =>
        ObjectManager.Create(
            kind,
            provider.GetRequiredService<IObjectSource<T>>(),
            provider.GetRequiredService<IOptions<SecretProjectionOptions>>().Value.Objects,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>(),
            ObjectManager.DefaultJitter);
}
