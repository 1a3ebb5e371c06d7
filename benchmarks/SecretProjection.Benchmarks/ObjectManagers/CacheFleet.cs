using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Testing.Api;
using SecretProjection.Testing.Sources;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// A Secret manager over an in-memory source holding a <see cref="SecretFleet"/>, with every fleet pod registered
/// and every Secret synced: under Watch, each Secret's reflector has listed it and its watch is open; under Cache,
/// each Secret has been fetched once.
/// </summary>
internal sealed class CacheFleet : IDisposable
{
    /// <summary>Bounds a hang only.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    private CacheFleet(int secrets, InMemoryObjectSource<Secret> source, IObjectSource<Secret> served, ChangeDetectionStrategy strategy, TimeProvider time, Pod[] pods, string[] names)
    {
        Secrets = secrets;
        Source = source;
        Pods = pods;
        Names = names;
        Manager = ObjectManager.ForSecrets(
            served,
            new ObjectManagerOptions { Strategy = strategy, SyncTimeout = TimeSpan.FromHours(1), Ttl = TimeSpan.FromHours(1) },
            time);
        Strategy = strategy;
    }

    public int Secrets { get; }

    public ChangeDetectionStrategy Strategy { get; }

    public InMemoryObjectSource<Secret> Source { get; }

    public IObjectManager<Secret> Manager { get; }

    /// <summary>The registered pods.</summary>
    public Pod[] Pods { get; }

    /// <summary>The Secrets' names, by index.</summary>
    public string[] Names { get; }

    /// <summary>
    /// One in-memory source holding <paramref name="secrets"/> Secrets and the spares, its history compacted (as a
    /// long-running server's), keeping no requests (a relist round makes 30,000 at 10,000 Secrets).
    /// </summary>
    public static InMemoryObjectSource<Secret> CreateSource(int secrets)
    {
        var source = InMemoryObjectSource.ForSecrets(new ApiServerState(new ApiServerStateOptions { RecordRequests = false }));
        for (var i = -SecretFleet.SecretsPerPod; i < secrets; i++)
        {
            source.Put(SecretFleet.Secret(i));
        }

        source.Compact();
        return source;
    }

    /// <summary>Waits until every fleet Secret (spares not counted) has its watch open, or, with <paramref name="open"/> false, no watch is open.</summary>
    public static Task WaitForWatchesAsync(InMemoryObjectSource<Secret> source, int secrets, bool open, CancellationToken cancellationToken) =>
        source.WaitUntilAsync(s => s.OpenWatches == (open ? secrets : 0), cancellationToken);

    /// <summary>Builds the fleet and waits until every Secret is synced.</summary>
    /// <param name="secrets">How many Secrets (a multiple of 10).</param>
    /// <param name="strategy">Watch or Cache.</param>
    /// <param name="time">The managers' clock; the system's when <see langword="null"/>.</param>
    /// <param name="source">The source, when built already.</param>
    /// <param name="served">What the manager reads instead of <paramref name="source"/> (a wrapper of it).</param>
    /// <param name="pods">The pods, when built already.</param>
    /// <param name="names">The Secrets' names by index (<see cref="SecretNames"/>), when made already.</param>
    public static CacheFleet Build(
        int secrets,
        ChangeDetectionStrategy strategy,
        TimeProvider? time = null,
        InMemoryObjectSource<Secret>? source = null,
        IObjectSource<Secret>? served = null,
        Pod[]? pods = null,
        string[]? names = null)
    {
        source ??= CreateSource(secrets);
        pods ??= Enumerable.Range(0, secrets / SecretFleet.SecretsPerPod).Select(i => SecretFleet.Pod(i)).ToArray();
        var fleet = new CacheFleet(secrets, source, served ?? source, strategy, time ?? TimeProvider.System, pods, names ?? SecretNames(secrets));
        fleet.RegisterAndSync();
        return fleet;
    }

    /// <summary>The names of Secrets 0 to <paramref name="secrets"/> - 1, by index.</summary>
    public static string[] SecretNames(int secrets) => Enumerable.Range(0, secrets).Select(SecretFleet.SecretName).ToArray();

    /// <summary>Reads a Secret that is registered and synced, without awaiting (the read completes at once).</summary>
    public LookupResult<Secret> Read(string name)
    {
        var read = Manager.GetAsync(SecretFleet.Namespace, name);
        return read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Manager.Dispose();
        if (Strategy == ChangeDetectionStrategy.Watch)
        {
            // The reflectors end on their own threads; wait for their watches to close, so that the next measurement
            // does not pay for this one's teardown.
            using var hang = new CancellationTokenSource(Hang);
            WaitForWatchesAsync(Source, Secrets, open: false, hang.Token).GetAwaiter().GetResult();
        }
    }

    private void RegisterAndSync()
    {
        foreach (var pod in Pods)
        {
            Manager.RegisterPod(pod);
        }

        if (Strategy == ChangeDetectionStrategy.Watch)
        {
            // A reflector opens its watch after its list: every watch open means every Secret listed.
            using var hang = new CancellationTokenSource(Hang);
            WaitForWatchesAsync(Source, Secrets, open: true, hang.Token).GetAwaiter().GetResult();
        }

        // Under Cache, the first read fetches; under Watch, it finds the list's answer.
        foreach (var name in Names)
        {
            if (Manager.GetAsync(SecretFleet.Namespace, name).AsTask().GetAwaiter().GetResult().Status != LookupStatus.Found)
            {
                throw new InvalidOperationException($"secret {name} was not synced");
            }
        }
    }
}
