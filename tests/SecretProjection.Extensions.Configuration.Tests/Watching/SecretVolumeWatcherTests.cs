using System.IO.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecretProjection.Extensions.Configuration.Tests.Fixtures;
using SecretProjection.Extensions.Configuration.Watching;

namespace SecretProjection.Extensions.Configuration.Tests.Watching;

public sealed class SecretVolumeWatcherTests
{
    [Fact]
    public async Task Fires_once_for_every_swap_although_each_swap_replaces_the_data_link()
    {
        // kubernetes/kubernetes#111947: a watch on the ..data link itself is lost when the link is replaced.
        using var watched = WatchedVolume.Holding(Generations.Numbered(1));

        for (var i = 2; i <= 5; i++)
        {
            var generation = watched.Volume.Write(Generations.Numbered(i));
            Assert.Equal(generation, await watched.Fired.NextAsync());
        }

        Assert.True(((SecretVolumeWatcher)watched.Watcher).IsWatchingEvents);
    }

    [Fact]
    public async Task Never_fires_for_a_half_written_generation()
    {
        using var watched = WatchedVolume.Holding(Generations.Numbered(1));
        var volume = watched.Volume;

        // Staged and linked as ..data_tmp, never renamed: all the events of an update but the swap.
        volume.LinkTemporary(volume.Stage(Generations.Numbered(2)));
        File.Delete(Path.Combine(volume.Path, "..data_tmp"));
        var complete = volume.Write(Generations.Numbered(3));

        // Events arrive in order: had the half-written generation fired, it would be recorded first.
        Assert.Equal(complete, await watched.Fired.NextAsync());
    }

    [Fact]
    public void Polls_the_data_link_at_the_interval_when_watching_is_off()
    {
        using var polled = PolledVolume.Holding(Generations.Numbered(1));
        using var watcher = SecretVolume.Watch(polled.Volume.Path, polled.Options());
        var first = watcher.CurrentGeneration;
        var token = watcher.GetChangeToken();

        var second = polled.Volume.Stage(Generations.Numbered(2));
        polled.Volume.LinkTemporary(second);
        polled.Tick();
        Assert.False(token.HasChanged);
        Assert.Equal(first, watcher.CurrentGeneration);

        polled.Volume.Swap(second, Generations.Keys);
        polled.Time.Advance(PolledVolume.Interval - TimeSpan.FromTicks(1));
        Assert.False(token.HasChanged);
        polled.Time.Advance(TimeSpan.FromTicks(1));
        Assert.True(token.HasChanged);
        Assert.Equal(second, watcher.CurrentGeneration);

        var next = watcher.GetChangeToken();
        polled.Tick();
        polled.Tick();
        Assert.False(next.HasChanged);
    }

    [Fact]
    public void Falls_back_to_polling_when_the_directory_cannot_be_watched_yet()
    {
        using var volume = KubeletVolume.NotYetCreated();
        var time = new FakeTimeProvider();
        using var watcher = SecretVolume.Watch(volume.Path, new SecretVolumeWatchOptions { PollingInterval = PolledVolume.Interval, TimeProvider = time });
        var token = watcher.GetChangeToken();
        Assert.False(((SecretVolumeWatcher)watcher).IsWatchingEvents);
        Assert.Null(watcher.CurrentGeneration);

        var first = volume.Write(Generations.Numbered(1));
        time.Advance(PolledVolume.Interval);

        Assert.True(token.HasChanged);
        Assert.Equal(first, watcher.CurrentGeneration);
    }

    [Fact]
    public async Task Watches_anew_after_a_watch_error()
    {
        using var watched = WatchedVolume.Holding(Generations.Numbered(1));
        var watcher = (SecretVolumeWatcher)watched.Watcher;

        // What the watcher's Error event (an inotify queue overflow) leads to.
        watcher.RecoverFromWatchError();
        Assert.True(watcher.IsWatchingEvents);

        var generation = watched.Volume.Write(Generations.Numbered(2));
        Assert.Equal(generation, await watched.Fired.NextAsync());
    }

    [Fact]
    public void Polls_once_the_directory_cannot_be_watched_any_more()
    {
        using var polled = PolledVolume.Holding(Generations.Numbered(1));
        var volume = polled.Volume;
        using var watcher = new SecretVolumeWatcher(new FileSystem(), volume.Path, polled.OptionsWithEvents());
        Assert.True(watcher.IsWatchingEvents);

        // The volume is torn down (the watch is gone with it) and projected again.
        volume.TearDown();
        watcher.RecoverFromWatchError();
        Assert.False(watcher.IsWatchingEvents);
        var generation = volume.Write(Generations.Numbered(2));
        polled.Tick();

        Assert.Equal(generation, watcher.CurrentGeneration);
    }

    [Fact]
    public void Polls_beside_the_watch_so_a_watch_lost_without_an_error_is_covered()
    {
        using var polled = PolledVolume.Holding(Generations.Numbered(1));
        var volume = polled.Volume;
        using var watcher = new SecretVolumeWatcher(new FileSystem(), volume.Path, polled.OptionsWithEvents());

        // On Linux, a watch whose directory is removed ends silently: no Error event, no later events.
        volume.TearDown();
        var generation = volume.Write(Generations.Numbered(2));
        polled.Tick();

        Assert.True(watcher.IsWatchingEvents);
        Assert.Equal(generation, watcher.CurrentGeneration);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Refuses_a_polling_interval_that_is_not_positive(int seconds)
    {
        using var volume = KubeletVolume.Create();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SecretVolume.Watch(volume.Path, new SecretVolumeWatchOptions { PollingInterval = TimeSpan.FromSeconds(seconds) }));

        Assert.Equal("options.PollingInterval", error.ParamName);
    }

    [Fact]
    public void Stops_firing_once_disposed()
    {
        using var polled = PolledVolume.Holding(Generations.Numbered(1));
        var watcher = SecretVolume.Watch(polled.Volume.Path, polled.Options());
        var token = watcher.GetChangeToken();

        watcher.Dispose();
        polled.Volume.Write(Generations.Numbered(2));
        polled.Tick();

        Assert.False(token.HasChanged);
    }
}
