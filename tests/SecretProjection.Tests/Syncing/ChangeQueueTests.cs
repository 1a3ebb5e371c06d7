using SecretProjection.Syncing;

namespace SecretProjection.Tests.Syncing;

public class ChangeQueueTests
{
    [Fact]
    public void A_new_queue_is_empty_and_gives_nothing()
    {
        var queue = new ChangeQueue<string>();

        Assert.True(queue.IsEmpty);
        Assert.Empty(queue.TakeAll());
    }

    [Fact]
    public void Changes_are_taken_all_at_once_oldest_first_and_the_queue_is_empty_after()
    {
        var queue = new ChangeQueue<string>();
        queue.Enqueue("a");
        queue.Enqueue("b");
        queue.Enqueue("c");

        Assert.False(queue.IsEmpty);
        Assert.Equal(["a", "b", "c"], queue.TakeAll());
        Assert.True(queue.IsEmpty);
        queue.Enqueue("d");
        Assert.Equal(["d"], queue.TakeAll());
    }

    [Fact]
    public async Task Changes_from_many_threads_while_the_reader_takes_are_each_taken_once_in_each_writers_order()
    {
        const int Writers = 4;
        const int PerWriter = 20_000;
        var queue = new ChangeQueue<(int Writer, int Sequence)>();
        using var start = new Barrier(Writers + 1);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < PerWriter; i++)
                {
                    queue.Enqueue((w, i));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var next = new int[Writers];
        start.SignalAndWait();
        while (true)
        {
            var done = writers.All(w => w.IsCompleted);
            foreach (var (writer, sequence) in queue.TakeAll())
            {
                Assert.Equal(next[writer]++, sequence);
            }

            if (done)
            {
                break;
            }
        }

        await Task.WhenAll(writers);
        Assert.All(next, n => Assert.Equal(PerWriter, n));
        Assert.True(queue.IsEmpty);
    }
}
