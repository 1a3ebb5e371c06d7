using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SecretProjection.DependencyInjection;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Volumes;
using SecretProjection.Testing.Time;
using SecretProjection.Tests.ObjectManagers;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.DependencyInjection;

public class SecretProjectionServiceCollectionExtensionsTests
{
    private readonly InMemoryObjectSource<Secret> _secrets = InMemoryObjectSource.ForSecrets();
    private readonly InMemoryObjectSource<ConfigMap> _configMaps = InMemoryObjectSource.ForConfigMaps();

    private ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IObjectSource<Secret>>(_secrets);
        services.AddSingleton<IObjectSource<ConfigMap>>(_configMaps);
        return services;
    }

    [Fact]
    public void The_managers_follow_the_configured_strategy_and_the_registered_clock()
    {
        var clock = new SimulatedClock();
        var services = Services();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSecretProjection(o => o.Objects.Strategy = ChangeDetectionStrategy.Cache);
        using var provider = services.BuildServiceProvider();

        var secrets = provider.GetRequiredService<IObjectManager<Secret>>();

        Assert.IsType<TtlObjectStore<Secret>>(((CacheBasedManager<Secret>)secrets).Store);
        Assert.IsType<TtlObjectStore<ConfigMap>>(((CacheBasedManager<ConfigMap>)provider.GetRequiredService<IObjectManager<ConfigMap>>()).Store);
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.NotNull(provider.GetRequiredService<IPodSyncFactory>());
    }

    [Fact]
    public void The_system_clock_is_registered_when_none_is()
    {
        var services = Services();
        services.AddSecretProjection();
        services.AddSecretProjection();
        using var provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Single(services, d => d.ServiceType == typeof(IObjectManager<Secret>));
    }

    [Fact]
    public void Invalid_options_fail_when_the_host_starts()
    {
        var services = Services();
        services.AddSecretProjection(o =>
        {
            o.Objects.Ttl = TimeSpan.FromSeconds(-1);
            o.Sync.SyncPeriod = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Objects.Ttl must not be negative; it is -00:00:01.", "Sync.SyncPeriod must be positive; it is 00:00:00."], error.Failures);
    }

    [Fact]
    public void The_planners_and_the_env_resolvers_options_are_named_by_their_own_paths()
    {
        var services = Services();
        services.AddSecretProjection(o =>
        {
            o.Sync.MinProjectionInterval = TimeSpan.FromSeconds(-1);
            o.Planning = null!;
            o.Environment = null!;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "Sync.MinProjectionInterval must be between zero and 49.17:02:47.2940000; it is -00:00:01.",
                "Planning must not be null.",
                "Environment must not be null.",
            ],
            error.Failures);
    }

    [Fact]
    public async Task A_sync_from_the_factory_projects_and_logs_names_never_values()
    {
        const string value = "hunter2-s3cr3t";
        using var logs = new FakeLoggerProvider();
        var services = Services();
        services.AddSingleton<TimeProvider>(new SimulatedClock());
        services.AddSingleton<ILoggerFactory>(new ProviderLoggerFactory(logs));
        services.AddSecretProjection(o => o.Sync.MinProjectionInterval = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();
        _secrets.Put(Secret("db", value));
        var volume = new InMemoryVolumeFileSystem();
        var sync = provider.GetRequiredService<IPodSyncFactory>().Create(PodReading("web", "db") with { Containers = [new Container { Name = "app" }] }, _ => volume);
        using var stop = new CancellationTokenSource();

        await using (var events = sync.RunAsync(stop.Token).GetAsyncEnumerator())
        {
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Hang));
            Assert.Equal(SyncEventKind.VolumeWritten, events.Current.Kind);
            _secrets.Delete(Ns, "db");
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Hang));
            Assert.Equal("secret \"db\" not found", events.Current.Message);
            await stop.CancelAsync();
        }

        var records = logs.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("Volume v-db of pod ns/web written", StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain(value, r.Message + r.Exception, StringComparison.Ordinal));
        Assert.Equal(value, System.Text.Encoding.UTF8.GetString(volume.ReadFileThroughLinks("key")!));
    }

    /// <summary>An <see cref="ILoggerFactory"/> over one provider (the logging package itself is not referenced).</summary>
    private sealed class ProviderLoggerFactory(ILoggerProvider provider) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
