using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// The in-memory source of a <see cref="SecretFleet"/>, in shards of at most 1,000 Secrets, each an
/// <see cref="InMemoryObjectSource{T}"/> of its own; a call goes to the shard of its Secret.
/// </summary>
/// <remarks>
/// One in-memory source keeps its open watches in one list under one lock, so each watch that closes costs a scan
/// of all the open ones: at 10,000 watches that alone makes a relist of all of them quadratic (a third of its CPU
/// time went to that scan). An API server does not work that way, so the fleet is sharded; at 1,000 Secrets it is
/// one in-memory source.
/// </remarks>
internal sealed class FleetSource : IObjectSource<Secret>
{
    public const int ShardSize = 1_000;

    private readonly Dictionary<string, int> _shardOf = new(StringComparer.Ordinal);
    private readonly int[] _watchedPerShard;

    private FleetSource(int secrets)
    {
        Shards = Enumerable.Range(0, Math.Max(1, (secrets + ShardSize - 1) / ShardSize)).Select(_ => InMemoryObjectSource.ForSecrets()).ToArray();
        _watchedPerShard = new int[Shards.Length];
        for (var i = -SecretFleet.SecretsPerPod; i < secrets; i++)
        {
            var shard = i < 0 ? 0 : i / ShardSize;
            _shardOf[SecretFleet.SecretName(i)] = shard;
            Shards[shard].Put(SecretFleet.Secret(i));
            _watchedPerShard[shard] += i < 0 ? 0 : 1;
        }

        // The in-memory source replays its history to each new watch by scanning it; a compacted history keeps that
        // scan short, and no watch starts from before it.
        foreach (var shard in Shards)
        {
            shard.Compact();
        }
    }

    public InMemoryObjectSource<Secret>[] Shards { get; }

    public int OpenWatches => Shards.Sum(s => s.OpenWatches);

    public int ListCalls => Shards.Sum(s => s.ListCalls);

    /// <summary>A source holding <paramref name="secrets"/> Secrets and the spares, its history compacted (as a long-running server's).</summary>
    public static FleetSource Create(int secrets) => new(secrets);

    public Secret? Find(string name) => Shards[_shardOf[name]].Find(SecretFleet.Namespace, name);

    /// <summary>The newest resourceVersion of the shard of <paramref name="name"/>: where a watch of it starts.</summary>
    public string ResourceVersionOf(string name) => Shards[_shardOf[name]].ResourceVersion;

    public Task<LookupResult<Secret>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Shards[_shardOf[name]].GetAsync(@namespace, name, cancellationToken);

    public Task<ObjectList<Secret>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Shards[_shardOf[name]].ListAsync(@namespace, name, cancellationToken);

    public IAsyncEnumerable<WatchEvent<Secret>> WatchAsync(string @namespace, string name, string resourceVersion, CancellationToken cancellationToken = default) =>
        Shards[_shardOf[name]].WatchAsync(@namespace, name, resourceVersion, cancellationToken);

    /// <summary>Waits until every fleet Secret (spares not counted) has its watch open, or, with <paramref name="open"/> false, no watch is open.</summary>
    public async Task WaitForWatchesAsync(bool open, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Shards.Length; i++)
        {
            var expected = open ? _watchedPerShard[i] : 0;
            await Shards[i].WaitUntilAsync(s => s.OpenWatches == expected, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every shard ends its open watches and compacts its history past their resourceVersions (a write to a Secret
    /// nobody watches moves it on), so that a watch from where they were answers 410.
    /// </summary>
    /// <returns>For <see cref="WaitForResyncAsync"/>: the lists each shard will have answered once all its Secrets are listed again.</returns>
    public int[] ExpireEveryWatch()
    {
        var lists = new int[Shards.Length];
        for (var i = 0; i < Shards.Length; i++)
        {
            var shard = Shards[i];
            lists[i] = shard.ListCalls + _watchedPerShard[i];
            shard.Put(SecretFleet.Secret(-SecretFleet.SecretsPerPod - 1));
            shard.Compact();
            shard.EndOpenWatches();
        }

        return lists;
    }

    /// <summary>Waits until every fleet Secret has been listed again (<paramref name="lists"/>) and its new watch is open.</summary>
    public async Task WaitForResyncAsync(int[] lists, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Shards.Length; i++)
        {
            var (expected, watched) = (lists[i], _watchedPerShard[i]);

            // A reflector opens its new watch after its list, and cannot list before its old watch has ended.
            await Shards[i].WaitUntilAsync(s => s.ListCalls >= expected && s.OpenWatches == watched, cancellationToken).ConfigureAwait(false);
        }
    }
}
