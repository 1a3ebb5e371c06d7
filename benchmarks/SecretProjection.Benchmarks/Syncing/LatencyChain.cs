using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using SecretProjection.Benchmarks.ObjectManagers;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Linux.Volumes;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;
using k8s;

namespace SecretProjection.Benchmarks.Syncing;

/// <summary>
/// The library's whole change path on the real API path: <see cref="ApiServerState.PutSecret"/> → the watch of
/// the real KubernetesClient (<see cref="KubernetesSources"/>) → the Watch-strategy Secret manager → a
/// <see cref="PodSync"/> (changes projected at once: <see cref="PodSyncOptions.MinProjectionInterval"/> zero) →
/// the atomic writer on the Linux backend, on a tmpfs when root (else in the temporary directory) → the new bytes
/// read back through the visible link. The pod <c>bench/latency</c> has one secret volume of the Secret
/// <c>rotating</c> (N keys × 1 KiB); optionally a second pod keeps M other Secrets watched on the same server.
/// </summary>
internal sealed class LatencyChain : IAsyncDisposable
{
    public const string SecretName = "rotating";
    private const int ValueBytes = 1024;

    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SyncEvent> _events = Channel.CreateUnbounded<SyncEvent>();
    private readonly LoopbackApiServer _server;
    private readonly IKubernetes _client;
    private readonly KubernetesSources _sources;
    private readonly IObjectManager<Secret> _secrets;
    private readonly IObjectManager<ConfigMap> _configMaps;
    private readonly Pod _others;
    private readonly string _base;
    private readonly bool _mounted;
    private readonly string _visible;
    private readonly Task _run;
    private int _version;

    public LatencyChain(int keys, int otherWatches = 0)
    {
        Keys = keys;
        _base = Directory.CreateTempSubdirectory("secretprojection-latency-").FullName;
        _mounted = Tmpfs.CanMount && Tmpfs.Mount(_base, new TmpfsOptions { SizeBytes = 256L << 20, Mode = 0x1ED });
        var volume = Directory.CreateDirectory(Path.Combine(_base, "creds")).FullName;
        _visible = Path.Combine(volume, Key(0));

        _server = LoopbackApiServer.Start();
        _server.State.PutSecret(Secret(0));
        for (var i = 0; i < otherWatches; i++)
        {
            _server.State.PutSecret(SecretFleet.Secret(i));
        }

        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() });
        _sources = KubernetesSources.Create(_client);
        // A read waits for the first list as long as a hang allows: on a loaded machine a fresh process's first request
        // (the server's and the client's code compiled on first use) can take longer than the default second.
        var managers = new ObjectManagerOptions { SyncTimeout = CacheFleet.Hang };
        _secrets = ObjectManager.ForSecrets(_sources.Secrets, managers);
        _configMaps = ObjectManager.ForConfigMaps(_sources.ConfigMaps, managers);

        // The other Secrets' watches are opened before the measured pod's, as on a node that already runs pods.
        _others = new Pod
        {
            Namespace = SecretFleet.Namespace,
            Name = "others",
            Uid = "uid-others",
            Volumes = Enumerable.Range(0, otherWatches).Select(i => new Volume { Name = "v" + i.ToString(CultureInfo.InvariantCulture), Secret = new SecretVolumeSource { SecretName = SecretFleet.SecretName(i) } }).ToArray(),
        };
        _secrets.RegisterPod(_others);
        using var hang = new CancellationTokenSource(CacheFleet.Hang);
        _server.State.WaitForOpenWatchesAsync(otherWatches, hang.Token).GetAwaiter().GetResult();

        var pod = new Pod
        {
            Namespace = SecretFleet.Namespace,
            Name = "latency",
            Uid = "uid-latency",
            Containers = [new Container { Name = "app", VolumeMounts = [new VolumeMount { Name = "creds", MountPath = "/etc/creds" }] }],
            Volumes = [new Volume { Name = "creds", Secret = new SecretVolumeSource { SecretName = SecretName } }],
        };
        var sync = PodSync.Create(
            pod,
            _secrets,
            _configMaps,
            _ => new LinuxVolumeFileSystem(volume),
            new PodSyncOptions { MinProjectionInterval = TimeSpan.Zero, SyncPeriod = TimeSpan.FromDays(1) });
        _run = Task.Run(async () =>
        {
            await foreach (var syncEvent in sync.RunAsync(_stop.Token).ConfigureAwait(false))
            {
                _events.Writer.TryWrite(syncEvent);
            }
        });

        // The initial projection, then the watch open at the server: the chain is ready.
        NextWrittenAsync(hang.Token).AsTask().GetAwaiter().GetResult();
        if (!File.ReadAllBytes(_visible).AsSpan().SequenceEqual(Value(0, 0)))
        {
            throw new InvalidOperationException("the initial projection is not visible");
        }

        _server.State.WaitForOpenWatchesAsync(otherWatches + 1, hang.Token).GetAwaiter().GetResult();
    }

    public int Keys { get; }

    /// <summary>Where the volume is written: <c>tmpfs</c>, or the temporary directory when not root.</summary>
    public string Medium => _mounted ? "tmpfs" : "the temporary directory (not root: no tmpfs)";

    /// <summary>
    /// Writes the next version of the Secret to the server (every key changes, as a rotation does) and waits until the
    /// pod sync reports the volume written and the new bytes are read back through the visible link.
    /// </summary>
    /// <returns>The time from just before the write to the server to the bytes read back.</returns>
    public async Task<TimeSpan> RotateAsync(CancellationToken cancellationToken)
    {
        var version = ++_version;
        var expected = Value(version, 0);
        var started = Stopwatch.GetTimestamp();
        _server.State.PutSecret(Secret(version));
        while (true)
        {
            await NextWrittenAsync(cancellationToken).ConfigureAwait(false);
            if (File.ReadAllBytes(_visible).AsSpan().SequenceEqual(expected))
            {
                return Stopwatch.GetElapsedTime(started);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _secrets.UnregisterPod(_others);
        _secrets.Dispose();
        _configMaps.Dispose();
        _sources.Dispose();
        _client.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
        if (_mounted)
        {
            Tmpfs.Unmount(_base, lazily: true);
        }

        Directory.Delete(_base, recursive: true);
        _stop.Dispose();
    }

    private static string Key(int index) => "key-" + index.ToString("D3", CultureInfo.InvariantCulture);

    private static byte[] Value(int version, int key)
    {
        var value = new byte[ValueBytes];
        BitConverter.TryWriteBytes(value, version);
        BitConverter.TryWriteBytes(value.AsSpan(sizeof(int)), key);
        return value;
    }

    private Secret Secret(int version) => new()
    {
        Namespace = SecretFleet.Namespace,
        Name = SecretName,
        Data = DataMap.Create(Enumerable.Range(0, Keys).Select(k => KeyValuePair.Create(Key(k), Value(version, k)))),
    };

    private async ValueTask<SyncEvent> NextWrittenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var syncEvent = await _events.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (syncEvent.Kind)
            {
                case SyncEventKind.VolumeWritten:
                    return syncEvent;
                case SyncEventKind.VolumeFailed:
                    throw new InvalidOperationException("the volume failed: " + syncEvent.Message);
            }
        }
    }
}
