using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Testing.Sources;

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

    public static WatchObjectStore<Secret> WatchStore(IObjectManager<Secret> manager) => (WatchObjectStore<Secret>)((CacheBasedManager<Secret>)manager).Store;
}

/// <summary>A fake clock that also tells which timers were set, so a test advances it only once a component waits.</summary>
internal sealed class TestClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public TestClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer set (waits for it), skipping those of <paramref name="skip"/>.</summary>
    public async Task<TimeSpan> NextTimerAsync(TimeSpan? skip = null)
    {
        while (true)
        {
            var due = await _timers.Reader.ReadAsync(ObjectManagerFixtures.Bounded());
            if (due != skip)
            {
                return due;
            }
        }
    }
}
