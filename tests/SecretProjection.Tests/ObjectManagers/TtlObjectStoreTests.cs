using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.ObjectManagers;

/// <summary>The Cache strategy's store, with upstream's <c>cache_based_manager_test.go</c> cases.</summary>
public class TtlObjectStoreTests
{
    private readonly InMemoryObjectSource<Secret> _source = InMemoryObjectSource.ForSecrets();
    private readonly SimulatedClock _clock = new();

    private TtlObjectStore<Secret> Store(TimeSpan ttl, Func<ObjectReference, TimeSpan?>? ttlOverride = null)
    {
        var manager = Manager(_source, _clock, ChangeDetectionStrategy.Cache, o => { o.Ttl = ttl; o.TtlOverride = ttlOverride; });
        return (TtlObjectStore<Secret>)((CacheBasedManager<Secret>)manager).Store;
    }

    private static async Task<LookupResult<Secret>> Get(TtlObjectStore<Secret> store, string ns, string name) =>
        await store.GetAsync(ns, name, CancellationToken.None);

    // Upstream: TestSecretStore.
    [Fact]
    public async Task References_do_not_fetch_and_reads_of_unregistered_objects_fail()
    {
        var store = Store(TimeSpan.Zero);
        store.AddReference("ns1", "name1", "pod");
        store.AddReference("ns2", "name2", "pod");
        store.AddReference("ns1", "name1", "pod");
        store.AddReference("ns1", "name1", "pod");
        store.DeleteReference("ns1", "name1", "pod");
        store.DeleteReference("ns2", "name2", "pod");
        store.AddReference("ns3", "name3", "pod");
        Assert.Equal(0, _source.GetCalls);

        await Get(store, "ns1", "name1");
        var unregistered = await Get(store, "ns2", "name2");
        await Get(store, "ns3", "name3");

        Assert.Equal(2, _source.GetCalls);
        Assert.Equal("object \"ns2\"/\"name2\" not registered", unregistered.Failure);
        Assert.Equal("object \"ns4\"/\"name4\" not registered", (await Get(store, "ns4", "name4")).Failure);
    }

    // Upstream: TestSecretStoreDeletingSecret.
    [Fact]
    public async Task A_deleted_object_becomes_not_found()
    {
        var store = Store(TimeSpan.Zero);
        store.AddReference(Ns, "name", "pod");
        _source.Put(Secret("name"));
        Assert.Equal(LookupStatus.Found, (await Get(store, Ns, "name")).Status);

        _source.Delete(Ns, "name");

        Assert.Equal(LookupStatus.NotFound, (await Get(store, Ns, "name")).Status);
    }

    // Upstream: TestSecretStoreGetAlwaysRefresh.
    [Fact]
    public async Task A_zero_ttl_fetches_on_every_read()
    {
        var store = Store(TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            store.AddReference("ns-" + i, "name-" + i, "pod");
        }

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Get(store, "ns-" + (i % 10), "name-" + (i % 10))));

        Assert.Equal(100, _source.GetCalls);
    }

    // Upstream: TestSecretStoreGetNeverRefresh; and concurrent reads of one expired entry make exactly one fetch.
    [Fact]
    public async Task Concurrent_reads_within_the_ttl_fetch_each_object_once()
    {
        var store = Store(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 10; i++)
        {
            _source.Put(Secret("name-" + i, ns: "ns-" + i));
            store.AddReference("ns-" + i, "name-" + i, "pod");
        }

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => Get(store, "ns-" + (i % 10), "name-" + (i % 10)))));
        Assert.Equal(10, _source.GetCalls);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => Get(store, "ns-3", "name-3"))));

        Assert.Equal(11, _source.GetCalls);
    }

    // Upstream: TestCustomTTL, with the TTL asked per object.
    [Fact]
    public async Task A_per_object_ttl_overrides_the_default_at_every_read()
    {
        TimeSpan? custom = null;
        var asked = new List<ObjectReference>();
        var store = Store(TimeSpan.FromMinutes(1), o =>
        {
            asked.Add(o);
            return custom;
        });
        store.AddReference(Ns, "name", "pod");
        await Get(store, Ns, "name");
        var calls = _source.GetCalls;

        int Fetched() => _source.GetCalls - Interlocked.Exchange(ref calls, _source.GetCalls);

        // Found objects only are served from the cache; put one there.
        _source.Put(Secret("name"));
        await Get(store, Ns, "name");
        Fetched();

        custom = TimeSpan.Zero;
        await Get(store, Ns, "name");
        Assert.Equal(1, Fetched());

        custom = TimeSpan.FromMinutes(5);
        await Get(store, Ns, "name");
        Assert.Equal(0, Fetched());
        _clock.Advance(TimeSpan.FromMinutes(4));
        await Get(store, Ns, "name");
        Assert.Equal(0, Fetched());
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Get(store, Ns, "name");
        Assert.Equal(1, Fetched());

        custom = null;
        _clock.Advance(TimeSpan.FromSeconds(55));
        await Get(store, Ns, "name");
        Assert.Equal(0, Fetched());
        _clock.Advance(TimeSpan.FromSeconds(5));
        await Get(store, Ns, "name");
        Assert.Equal(1, Fetched());
        Assert.All(asked, o => Assert.Equal(new ObjectReference(ObjectKind.Secret, Ns, "name"), o));
    }

    [Fact]
    public async Task A_failed_fetch_with_nothing_cached_returns_the_failure_and_caches_nothing()
    {
        var store = Store(TimeSpan.FromMinutes(1));
        store.AddReference(Ns, "name", "pod");
        _source.Put(Secret("name"));
        _source.FailNextGet("the server is on fire");

        Assert.Equal("the server is on fire", (await Get(store, Ns, "name")).Failure);
        Assert.Equal(LookupStatus.Found, (await Get(store, Ns, "name")).Status);
        Assert.Equal(2, _source.GetCalls);
    }

    [Fact]
    public async Task A_failed_refetch_returns_what_is_cached_and_fetches_again_next_time()
    {
        var store = Store(TimeSpan.FromMinutes(1));
        store.AddReference(Ns, "name", "pod");
        _source.Put(Secret("name", "v1"));
        await Get(store, Ns, "name");
        _clock.Advance(TimeSpan.FromMinutes(1));
        _source.FailNextGet("unreachable");

        Assert.Equal("v1", Value((await Get(store, Ns, "name")).Value));
        Assert.Equal(2, _source.GetCalls);
        Assert.Equal("v1", Value((await Get(store, Ns, "name")).Value));
        Assert.Equal(3, _source.GetCalls);
    }

    [Fact]
    public async Task A_not_found_is_cached_but_fetched_again_on_the_next_read()
    {
        var store = Store(TimeSpan.FromMinutes(1));
        store.AddReference(Ns, "name", "pod");
        Assert.Equal(LookupStatus.NotFound, (await Get(store, Ns, "name")).Status);

        // A failure after a not-found answers the cached not-found, as upstream (data.err stays).
        _source.FailNextGet("unreachable");
        Assert.Equal(LookupStatus.NotFound, (await Get(store, Ns, "name")).Status);

        _source.Put(Secret("name"));
        Assert.Equal(LookupStatus.Found, (await Get(store, Ns, "name")).Status);
        Assert.Equal(3, _source.GetCalls);
    }

    [Fact]
    public async Task An_older_resource_version_never_replaces_a_newer_one()
    {
        var older = new Secret { Name = "name", Namespace = Ns, ResourceVersion = "5", Data = DataMap.FromStrings([KeyValuePair.Create("key", "old")]) };
        var newer = older with { ResourceVersion = "10", Data = DataMap.FromStrings([KeyValuePair.Create("key", "new")]) };
        var answers = new Queue<Secret>([newer, older]);
        var manager = ObjectManager.Create(ManagedKinds.Secret, new ScriptedGets(answers), new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Cache, Ttl = TimeSpan.Zero }, _clock, null, null, () => 0);
        manager.RegisterPod(PodReading("p", "name"));

        Assert.Equal("new", Value((await manager.GetAsync(Ns, "name")).Value));
        Assert.Equal("new", Value((await manager.GetAsync(Ns, "name")).Value));
    }

    // Upstream: TestCacheInvalidation's premise: a new reference makes the next read fetch.
    [Fact]
    public async Task A_new_reference_forces_the_next_read_to_fetch()
    {
        var store = Store(TimeSpan.FromMinutes(1));
        _source.Put(Secret("name"));
        store.AddReference(Ns, "name", "a");
        await Get(store, Ns, "name");
        await Get(store, Ns, "name");
        Assert.Equal(1, _source.GetCalls);

        store.AddReference(Ns, "name", "b");
        await Get(store, Ns, "name");

        Assert.Equal(2, _source.GetCalls);
    }

    /// <summary>A source whose gets answer from a queue (to return an older object after a newer one).</summary>
    private sealed class ScriptedGets(Queue<Secret> answers) : IObjectSource<Secret>
    {
        public Task<LookupResult<Secret>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            Task.FromResult(LookupResult<Secret>.Found(answers.Dequeue()));

        public Task<ObjectList<Secret>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<WatchEvent<Secret>> WatchAsync(string @namespace, string name, string resourceVersion, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
