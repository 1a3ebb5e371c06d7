using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using Xunit.Abstractions;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.ObjectManagers;

/// <summary>
/// The reflector loop of one watched object (client-go's <c>Reflector.ListAndWatch</c> under <c>BackoffUntil</c>):
/// bookmarks, stream ends, 410s, failures and their backoff, driven by a fake clock (jitter drawn as 0).
/// </summary>
public sealed class WatchedObjectTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly InMemoryObjectSource<Secret> _source = InMemoryObjectSource.ForSecrets();
    private readonly SimulatedClock _clock = new();
    private readonly IObjectManager<Secret> _manager;
    private readonly ChangeRecorder<Secret> _changes;

    public WatchedObjectTests(ITestOutputHelper output)
    {
        _output = output;
        _manager = Manager(_source, _clock);
        _changes = new ChangeRecorder<Secret>(_manager);
    }

    public void Dispose()
    {
        _changes.Dispose();
        _manager.Dispose();
    }

    /// <summary>The next backoff wait; a read's wait for the first sync (1 s) is not one.</summary>
    private Task<TimeSpan> NextBackoffAsync() => NextTimerAsync(_clock, skip: TimeSpan.FromSeconds(1));

    private void Register() => _manager.RegisterPod(PodReading("p", "s"));

    private async Task<string> Read() => Value((await _manager.GetAsync(Ns, "s")).Value);

    private Task Until(Func<InMemoryObjectSource<Secret>, bool> condition) => _source.WaitUntilAsync(condition, Bounded());

    [Fact]
    public async Task A_stream_that_ends_is_watched_again_from_the_last_event_with_no_update_lost()
    {
        var v1 = _source.Put(Secret("s", "v1"));
        _source.EndNextWatchAfter(1);
        Register();
        Assert.Equal("v1", await Read());

        // The first stream ends after delivering v2; v3 and v4 happen meanwhile and are replayed by the next watch.
        var v2 = _source.Put(Secret("s", "v2"));
        _source.Put(Secret("s", "v3"));
        var v4 = _source.Put(Secret("s", "v4"));

        while ((await _changes.NextAsync()).ResourceVersion != v4.ResourceVersion)
        {
        }

        Assert.Equal("v4", await Read());
        Assert.Equal(1, _source.ListCalls);
        Assert.Equal([v1.ResourceVersion!, v2.ResourceVersion!], _source.WatchResourceVersions.Take(2));
    }

    [Fact]
    public async Task A_watch_resumes_from_the_last_bookmark()
    {
        var v1 = _source.Put(Secret("s", "v1"));
        Register();
        await Read();
        await Until(s => s.OpenWatches == 1);
        _source.Put(Secret("other"));
        var last = _source.Put(Secret("other"));
        _source.Bookmark();

        // The stream ends after the bookmark (a closed stream still delivers what was sent before).
        _source.EndOpenWatches();
        await Until(s => s.WatchCalls == 2);

        Assert.Equal([v1.ResourceVersion!, last.ResourceVersion!], _source.WatchResourceVersions);
        Assert.Equal(1, _source.ListCalls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_expired_watch_relists_after_a_backoff_and_notifies_what_changed_meanwhile(bool asErrorEvent)
    {
        _source.Put(Secret("s", "v1"));
        _source.EndNextWatchAfter(1);
        _source.ExpireNextWatch(asErrorEvent);
        Register();
        Assert.Equal("v1", await Read());

        _source.Put(Secret("s", "v2"));
        await _changes.NextAsync();

        // Watch #2 answers 410: the reflector waits 0.8 s, then lists again.
        Assert.Equal(TimeSpan.FromMilliseconds(800), await NextBackoffAsync());
        var v3 = _source.Put(Secret("s", "v3"));
        Assert.Equal(1, _source.ListCalls);
        _clock.Advance(TimeSpan.FromMilliseconds(800));

        Assert.Equal(v3.ResourceVersion, (await _changes.NextAsync()).ResourceVersion);
        Assert.Equal("v3", await Read());
        Assert.Equal(2, _source.ListCalls);
        await Until(s => s.WatchCalls == 3);
        Assert.Equal(v3.ResourceVersion, _source.WatchResourceVersions[2]);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_version_answers_410_and_the_object_is_listed_again()
    {
        _source.Put(Secret("s", "v1"));
        _source.FailNextWatch();
        Register();
        await Read();

        // Watch #1 could not start (unreachable): while the reflector backs off, the object changes and etcd compacts.
        Assert.Equal(TimeSpan.FromMilliseconds(800), await NextBackoffAsync());
        _source.Put(Secret("s", "v2"));
        _source.Compact();
        _clock.Advance(TimeSpan.FromMilliseconds(800));

        // Watch #2 from version 1 answers 410; after 1.6 s the relist finds v2.
        Assert.Equal(TimeSpan.FromMilliseconds(1600), await NextBackoffAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(1600));
        await _changes.NextAsync();

        Assert.Equal("v2", await Read());
        Assert.Equal(2, _source.ListCalls);
    }

    [Fact]
    public async Task Failed_lists_back_off_exponentially_as_client_gos_reflector()
    {
        for (var i = 0; i < 5; i++)
        {
            _source.FailNextList(new SourceStatus(500, "InternalError", "etcdserver: request timed out"));
        }

        _source.Put(Secret("s", "v1"));
        Register();
        var waits = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var wait = await NextBackoffAsync();
            waits.Add(wait.TotalSeconds);
            _clock.Advance(wait);
        }

        _output.WriteLine($"waits={string.Join(",", waits)} lists={_source.ListCalls}");
        Assert.Equal([0.8, 1.6, 3.2, 6.4, 12.8], waits);
        Assert.Equal("v1", await Read());
        Assert.Equal(6, _source.ListCalls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(429)]
    public async Task An_unreachable_or_throttled_watch_is_retried_after_a_backoff_without_a_list(int? code)
    {
        var v1 = _source.Put(Secret("s", "v1"));
        _source.FailNextWatch(code is { } c ? new SourceStatus(c, "TooManyRequests", "the server has received too many requests") : null);
        Register();
        await Read();

        Assert.Equal(TimeSpan.FromMilliseconds(800), await NextBackoffAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(800));
        await Until(s => s.OpenWatches == 1);

        Assert.Equal(1, _source.ListCalls);
        Assert.Equal([v1.ResourceVersion!, v1.ResourceVersion!], _source.WatchResourceVersions);
    }

    [Fact]
    public async Task A_watch_that_ends_at_once_without_events_is_a_very_short_watch_and_relists()
    {
        _source.Put(Secret("s", "v1"));
        _source.EndNextWatchAfter(0);
        Register();
        await Read();

        Assert.Equal(TimeSpan.FromMilliseconds(800), await NextBackoffAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(800));
        await Until(s => s.ListCalls == 2 && s.OpenWatches == 1);
    }

    [Fact]
    public async Task A_list_answered_with_410_is_retried_at_once()
    {
        _source.Put(Secret("s", "v1"));
        _source.ExpireNextList();
        Register();

        Assert.Equal("v1", await Read());
        Assert.Equal(2, _source.ListCalls);
    }

    [Fact]
    public async Task A_source_that_throws_anything_keeps_the_reflector_alive()
    {
        var source = new ThrowingOnce(_source);
        using var manager = ObjectManager.Create(ManagedKinds.Secret, source, new ObjectManagerOptions(), _clock, null, null, () => 0);
        _source.Put(Secret("s", "v1"));
        manager.RegisterPod(PodReading("p", "s"));

        Assert.Equal(TimeSpan.FromMilliseconds(800), await NextBackoffAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(800));

        Assert.Equal("v1", Value((await manager.GetAsync(Ns, "s")).Value));
    }

    /// <summary>A source whose first list throws what a buggy implementation might.</summary>
    private sealed class ThrowingOnce(IObjectSource<Secret> inner) : IObjectSource<Secret>
    {
        private int _lists;

        public Task<LookupResult<Secret>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            inner.GetAsync(@namespace, name, cancellationToken);

        public Task<ObjectList<Secret>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _lists) == 1 ? throw new InvalidOperationException("bug") : inner.ListAsync(@namespace, name, cancellationToken);

        public IAsyncEnumerable<WatchEvent<Secret>> WatchAsync(string @namespace, string name, string resourceVersion, CancellationToken cancellationToken = default) =>
            inner.WatchAsync(@namespace, name, resourceVersion, cancellationToken);
    }
}
