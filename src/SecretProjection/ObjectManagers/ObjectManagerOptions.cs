using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>How the Secret and ConfigMap managers read and watch objects.</summary>
public sealed class ObjectManagerOptions
{
    /// <summary>How changes are detected. Default: <see cref="ChangeDetectionStrategy.Watch"/>, as the kubelet's.</summary>
    public ChangeDetectionStrategy Strategy { get; set; } = ChangeDetectionStrategy.Watch;

    /// <summary>
    /// Cache strategy: how long a fetched object is served before it is fetched again. Zero fetches on every read.
    /// Default: 1 minute (the kubelet's <c>defaultTTL</c>).
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Cache strategy: the TTL of one object, asked at every read; <see langword="null"/> from the callback keeps
    /// <see cref="Ttl"/>. The kubelet takes it from the node's <c>node.alpha.kubernetes.io/ttl</c> annotation (in
    /// seconds) for every object. Default: <see langword="null"/>, no override.
    /// </summary>
    public Func<ObjectReference, TimeSpan?>? TtlOverride { get; set; }

    /// <summary>
    /// Watch strategy: how long a read waits for the object's first list before it fails with
    /// <c>failed to sync secret cache: timed out waiting for the condition</c>. Default: 1 second, as the kubelet's.
    /// </summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Watch strategy: the first wait after a failed list or watch; each further failure doubles it, with up to
    /// as much again added at random. Default: 800 milliseconds (client-go's reflector).
    /// </summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>
    /// Watch strategy: the largest base wait between retries (the jitter may add as much again). Default: 30 seconds
    /// (client-go's reflector).
    /// </summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Watch strategy: after this long without a failure the wait starts again from <see cref="BackoffInitial"/>.
    /// Default: 2 minutes (client-go's reflector).
    /// </summary>
    public TimeSpan BackoffReset { get; set; } = TimeSpan.FromMinutes(2);
}
