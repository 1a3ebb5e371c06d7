using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.ObjectManagers;

/// <summary>The Watch strategy's store, with upstream's <c>watch_based_manager_test.go</c> cases.</summary>
public sealed class WatchObjectStoreTests : IDisposable
{
    private readonly InMemoryObjectSource<Secret> _source = InMemoryObjectSource.ForSecrets();
    private readonly SimulatedClock _clock = new();
    private readonly IObjectManager<Secret> _manager;
    private readonly WatchObjectStore<Secret> _store;
    private readonly ChangeRecorder<Secret> _changes;

    public WatchObjectStoreTests()
    {
        _manager = Manager(_source, _clock);
        _store = WatchStore(_manager);
        _changes = new ChangeRecorder<Secret>(_manager);
    }

    public void Dispose()
    {
        _changes.Dispose();
        _manager.Dispose();
    }

    private async Task<LookupResult<Secret>> Get(string name = "name") => await _store.GetAsync(Ns, name, CancellationToken.None);

    private bool Watching(string name = "name") => _store.Watching.Contains((Ns, name));

    // Upstream: TestSecretCache.
    [Fact]
    public async Task Reads_follow_the_watch_from_not_found_to_added_to_deleted()
    {
        _store.AddReference(Ns, "name", "pod");
        Assert.Equal(LookupStatus.NotFound, (await Get()).Status);

        _source.Put(Secret("name"));
        var added = await _changes.NextAsync();
        Assert.Equal(new ObjectReference(ObjectKind.Secret, Ns, "name"), added.Object);
        Assert.Equal(LookupStatus.Found, (await Get()).Status);

        _source.Delete(Ns, "name");
        Assert.Null((await _changes.NextAsync()).ResourceVersion);
        Assert.Equal(LookupStatus.NotFound, (await Get()).Status);

        _store.DeleteReference(Ns, "name", "pod");
        Assert.Equal("object \"ns\"/\"name\" not registered", (await Get()).Failure);
    }

    // Upstream: TestSecretCacheMultipleRegistrations.
    [Fact]
    public async Task Further_registrations_make_no_calls_and_the_last_removal_closes_the_watch()
    {
        _store.AddReference(Ns, "name", "pod");
        await _source.WaitUntilAsync(s => s.OpenWatches == 1, Bounded());
        Assert.Equal((1, 1), (_source.ListCalls, _source.WatchCalls));

        for (var i = 0; i < 20; i++)
        {
            _store.AddReference(Ns, "name", "pod-" + i);
            _store.DeleteReference(Ns, "name", "pod-" + i);
        }

        Assert.Equal((1, 1), (_source.ListCalls, _source.WatchCalls));
        _store.DeleteReference(Ns, "name", "pod");
        Assert.Contains("not registered", (await Get()).Failure, StringComparison.Ordinal);
        await _source.WaitUntilAsync(s => s.OpenWatches == 0, Bounded());
        Assert.Equal((1, 1), (_source.ListCalls, _source.WatchCalls));
    }

    // Upstream: TestImmutableSecretStopsTheReflector.
    [Theory]
    [InlineData("secret doesn't exist, created as mutable", null, false)]
    [InlineData("secret doesn't exist, created as immutable", null, true)]
    [InlineData("mutable secret modified to mutable", false, false)]
    [InlineData("mutable secret modified to immutable", false, true)]
    [InlineData("immutable secret", true, null)]
    public async Task An_immutable_secret_stops_the_watch_once_read(string description, bool? initialImmutable, bool? eventualImmutable)
    {
        Assert.NotEmpty(description);
        if (initialImmutable is { } initial)
        {
            _source.Put(Secret("name", "initial", initial));
        }

        _store.AddReference(Ns, "name", "pod");
        var first = await Get();
        Assert.Equal(initialImmutable is null ? LookupStatus.NotFound : LookupStatus.Found, first.Status);
        Assert.Equal(initialImmutable != true, Watching());
        if (initialImmutable == true)
        {
            await _source.WaitUntilAsync(s => s.OpenWatches == 0, Bounded());
        }

        if (eventualImmutable is not { } eventual)
        {
            return;
        }

        _source.Put(Secret("name", "eventual", eventual));
        await _changes.NextAsync();
        Assert.Equal("eventual", Value((await Get()).Value));
        Assert.Equal(!eventual, Watching());
    }

    [Fact]
    public async Task An_immutable_secret_is_served_from_the_cache_for_good()
    {
        _source.Put(Secret("name", "sealed", immutable: true));
        _store.AddReference(Ns, "name", "pod");
        await Get();
        await _source.WaitUntilAsync(s => s.OpenWatches == 0, Bounded());
        var calls = (_source.ListCalls, _source.WatchCalls);

        _source.Delete(Ns, "name");

        Assert.Equal("sealed", Value((await Get()).Value));
        Assert.Equal(calls, (_source.ListCalls, _source.WatchCalls));
    }

    [Fact]
    public async Task A_read_waits_one_second_for_the_first_sync_then_fails_with_the_kubelets_message()
    {
        _source.FailNextList();
        _source.FailNextList();
        _store.AddReference(Ns, "name", "pod");
        var read = Get();

        // The reflector's backoff timer (0.8 s) and the read's wait (1 s) are set in either order.
        while (await NextTimerAsync(_clock) != TimeSpan.FromSeconds(1))
        {
        }

        Assert.False(read.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("failed to sync secret cache: timed out waiting for the condition", (await read).Failure);
        Assert.Equal("failed to sync configmap cache: timed out waiting for the condition", ManagedKinds.ConfigMap.SyncTimedOut);
    }

    [Fact]
    public async Task Changes_are_notified_for_new_resource_versions_only()
    {
        _source.Put(Secret("name", "v1"));
        _store.AddReference(Ns, "name", "pod");
        await Get();

        _source.Bookmark();
        var v2 = _source.Put(Secret("name", "v2"));

        // The first sync and the bookmark notify nothing: the first change seen is v2.
        Assert.Equal(v2.ResourceVersion, (await _changes.NextAsync()).ResourceVersion);
        Assert.False(_changes.TryNext(out _));
    }
}
