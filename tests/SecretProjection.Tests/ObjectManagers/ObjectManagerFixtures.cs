using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using SecretProjection.ObjectManagers;
using SecretProjection.Model;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;

namespace SecretProjection.Tests.ObjectManagers;

/// <summary>Objects, pods, managers and clocks for the change-detection tests.</summary>
internal static class ObjectManagerFixtures
{
    public const string Ns = "ns";

    /// <summary>Bounds a hang only: every wait in these tests ends by an event long before.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    public static CancellationToken Bounded() => new CancellationTokenSource(Hang).Token;

    public static Secret Secret(string name, string value = "v", bool immutable = false, string ns = Ns) => new()
    {
        Name = name,
        Namespace = ns,
        Immutable = immutable,
        Data = DataMap.FromStrings([KeyValuePair.Create("key", value)]),
    };

    public static string Value(Secret? secret) => secret is null ? "<none>" : System.Text.Encoding.UTF8.GetString(secret.Data["key"].Span);

    /// <summary>Upstream's <c>podWithSecrets</c>: pull secrets, and per container <c>env</c> secretKeyRefs and <c>envFrom</c> secretRefs.</summary>
    public static Pod PodWithSecrets(string ns, string name, string[] pullSecrets, params (string[] Env, string[] EnvFrom)[] containers) => new()
    {
        Namespace = ns,
        Name = name,
        Uid = ns + "-" + name,
        ImagePullSecrets = pullSecrets,
        Containers = containers.Select((c, i) => new Container
        {
            Name = "container-" + i,
            Env = c.Env.Select(s => new EnvVar { Name = "V_" + s, ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector(s, "key") } }).ToArray(),
            EnvFrom = c.EnvFrom.Select(s => new EnvFromSource { SecretRef = new ObjectSelector(s) }).ToArray(),
        }).ToArray(),
    };

    /// <summary>A pod that references the given Secrets through secret volumes.</summary>
    public static Pod PodReading(string name, params string[] secrets) => new()
    {
        Namespace = Ns,
        Name = name,
        Uid = "uid-" + name,
        Volumes = secrets.Select(s => new Volume { Name = "v-" + s, Secret = new SecretVolumeSource { SecretName = s } }).ToArray(),
    };

    public static IObjectManager<Secret> Manager(
        InMemoryObjectSource<Secret> source,
        TimeProvider time,
        ChangeDetectionStrategy strategy = ChangeDetectionStrategy.Watch,
        Action<ObjectManagerOptions>? configure = null,
        IMeterFactory? meters = null)
    {
        var options = new ObjectManagerOptions { Strategy = strategy };
        configure?.Invoke(options);
        return ObjectManager.Create(ManagedKinds.Secret, source, options, time, NullLoggerFactory.Instance, meters, () => 0);
    }

    /// <summary>The due time of the next timer the clock sets (waits for it, bounded), skipping those of <paramref name="skip"/>.</summary>
    public static async Task<TimeSpan> NextTimerAsync(SimulatedClock clock, TimeSpan? skip = null)
    {
        while (true)
        {
            var due = await clock.NextTimerAsync(Bounded());
            if (due != skip)
            {
                return due;
            }
        }
    }

    public static WatchObjectStore<Secret> WatchStore(IObjectManager<Secret> manager) => (WatchObjectStore<Secret>)((CacheBasedManager<Secret>)manager).Store;
}
