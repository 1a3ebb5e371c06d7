using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;
using static SecretProjection.Testing.Tests.Sources.SourceFixtures;

namespace SecretProjection.Testing.Tests.Sources;

public class InMemoryObjectSourceTests
{
    private readonly InMemoryObjectSource<Secret> _source = InMemoryObjectSource.ForSecrets();

    private static async Task<List<WatchEvent<Secret>>> Take(IAsyncEnumerable<WatchEvent<Secret>> watch, int count)
    {
        var events = new List<WatchEvent<Secret>>();
        await foreach (var e in watch.WithCancellation(Bounded()))
        {
            events.Add(e);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    [Fact]
    public async Task Every_change_takes_the_next_resource_version_and_lists_answer_the_newest()
    {
        var a = _source.Put(Secret("a"));
        var b = _source.Put(Secret("b"));
        _source.Delete(Ns, "a");

        var list = await _source.ListAsync(Ns, "b");

        // The state's counter starts at 1, as the API server's never reads 0 ("any").
        Assert.Equal(("2", "3", "4"), (a.ResourceVersion, b.ResourceVersion, _source.ResourceVersion));
        Assert.Equal((b, "4"), (list.Item, list.ResourceVersion));
        Assert.Null((await _source.ListAsync(Ns, "a")).Item);
        Assert.Equal(LookupStatus.NotFound, (await _source.GetAsync(Ns, "a")).Status);
        Assert.Equal((1, 2), (_source.GetCalls, _source.ListCalls));
    }

    [Fact]
    public async Task A_watch_replays_what_came_after_its_version_then_follows_live_changes()
    {
        var v1 = _source.Put(Secret("s", "v1"));
        _source.Put(Secret("s", "v2"));
        _source.Put(Secret("other"));
        var watch = Take(_source.WatchAsync(Ns, "s", v1.ResourceVersion!), 4);
        await _source.WaitUntilAsync(s => s.OpenWatches == 1, Bounded());

        _source.Bookmark();
        _source.Delete(Ns, "s");
        _source.Put(Secret("s", "v3"));

        Assert.Equal(
            ["Modified 3 v2", "Bookmark 4 <none>", "Deleted 5 v2", "Added 6 v3"],
            (await watch).Select(e => $"{e.Type} {e.ResourceVersion} {Value(e.Object)}"));
        await _source.WaitUntilAsync(s => s.OpenWatches == 0, Bounded());
    }

    [Fact]
    public async Task Scripted_faults_apply_to_the_next_calls_in_order()
    {
        _source.Put(Secret("s"));
        _source.FailNextGet("forbidden");
        _source.FailNextList(new SourceStatus(500, "InternalError", "boom"));
        _source.ExpireNextList();
        _source.FailNextWatch();
        _source.ExpireNextWatch();
        _source.EndNextWatchAfter(0);

        Assert.Equal("forbidden", (await _source.GetAsync(Ns, "s")).Failure);
        Assert.Equal(500, (await Assert.ThrowsAsync<ObjectSourceException>(() => _source.ListAsync(Ns, "s"))).Status?.Code);
        Assert.True((await Assert.ThrowsAsync<ObjectSourceException>(() => _source.ListAsync(Ns, "s"))).IsExpired);
        Assert.Null((await Assert.ThrowsAsync<ObjectSourceException>(() => Take(_source.WatchAsync(Ns, "s", "1"), 1))).Status);
        var expired = Assert.Single(await Take(_source.WatchAsync(Ns, "s", "1"), 5));
        Assert.True(expired is { Type: WatchEventType.Error, Status.IsExpired: true });
        Assert.Empty(await Take(_source.WatchAsync(Ns, "s", "0"), 5));
        Assert.Equal(LookupStatus.Found, (await _source.GetAsync(Ns, "s")).Status);
        Assert.Equal(["1", "1", "0"], _source.WatchResourceVersions);
    }

    [Fact]
    public async Task After_compaction_a_watch_from_an_older_version_answers_410()
    {
        _source.Put(Secret("s", "v1"));
        _source.Put(Secret("s", "v2"));
        _source.Compact();

        var answer = Assert.Single(await Take(_source.WatchAsync(Ns, "s", "1"), 5));

        Assert.Equal((WatchEventType.Error, 410, "Expired"), (answer.Type, answer.Status?.Code, answer.Status?.Reason));
    }

    [Fact]
    public async Task Ending_open_watches_delivers_what_was_sent_first()
    {
        var watch = Take(_source.WatchAsync(Ns, "s", "0"), 5);
        await _source.WaitUntilAsync(s => s.WatchedObjects.SequenceEqual(["ns/s"]), Bounded());
        _source.Put(Secret("s"));

        _source.EndOpenWatches();

        Assert.Equal([WatchEventType.Added], (await watch).Select(e => e.Type));
    }
}
