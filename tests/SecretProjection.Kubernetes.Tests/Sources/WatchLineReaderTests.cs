using System.Text;
using SecretProjection.Kubernetes.Sources;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// The framing of a watch's body into lines over a stream that hands out chosen chunks, with a pool that counts what
/// is rented: lines across reads, several in a read, longer than the buffer, the end of the stream, and no buffer
/// held while waiting for data.
/// </summary>
public sealed class WatchLineReaderTests
{
    private readonly CountingPool _pool = new();

    [Fact]
    public async Task A_line_split_across_reads_comes_out_whole()
    {
        var lines = await ReadAllAsync(["{\"type\":", "\"ADDED\"", "}\n"]);

        Assert.Equal(["{\"type\":\"ADDED\"}"], lines);
    }

    [Fact]
    public async Task Several_lines_in_one_read_come_out_one_at_a_time_in_order()
    {
        var lines = await ReadAllAsync(["one\ntwo\nthree\n"]);

        Assert.Equal(["one", "two", "three"], lines);
    }

    [Fact]
    public async Task A_read_that_ends_one_line_and_starts_the_next_keeps_the_start_for_the_next_read()
    {
        var lines = await ReadAllAsync(["on", "e\ntw", "o\nthr", "ee\n"]);

        Assert.Equal(["one", "two", "three"], lines);
    }

    [Fact]
    public async Task The_rest_of_a_line_moves_to_the_front_of_the_buffer_when_the_buffer_ends_after_a_whole_line()
    {
        // Buffer of 8: "ab\ncdefg" fills it; "cdefg" moves to the front and the read goes on behind it.
        var lines = await ReadAllAsync(["ab\ncdefg", "hi\n"], bufferSize: 8);

        Assert.Equal(["ab", "cdefghi"], lines);
        Assert.Equal([8, 8], _pool.Rents); // one buffer for both lines; the second, after a zero-byte read, finds the end
    }

    [Fact]
    public async Task A_line_longer_than_the_buffer_moves_to_buffers_twice_as_large_and_every_one_goes_back_cleared()
    {
        var line = string.Concat(Enumerable.Range(0, 100).Select(i => (char)('a' + (i % 26))));

        var lines = await ReadAllAsync([line[..30], line[30..] + "\nnext\n"], bufferSize: 8);

        Assert.Equal([line, "next"], lines);
        Assert.Equal([8, 16, 32, 64, 128, 8], _pool.Rents); // the last finds the end
        Assert.Equal(0, _pool.Outstanding);
        Assert.True(_pool.AllReturnedCleared);
    }

    [Fact]
    public async Task A_carriage_return_before_the_newline_is_dropped_and_an_empty_line_is_a_line()
    {
        var lines = await ReadAllAsync(["a\r\n\nb\n"]);

        Assert.Equal(["a", string.Empty, "b"], lines);
    }

    [Fact]
    public async Task A_last_line_without_its_newline_is_still_a_line_as_a_stream_reader_returns_it()
    {
        var lines = await ReadAllAsync(["whole\nhalf an ev", "ent"]);

        Assert.Equal(["whole", "half an event"], lines);
    }

    [Fact]
    public async Task An_empty_stream_has_no_line()
    {
        Assert.Empty(await ReadAllAsync([]));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task It_waits_for_data_without_a_buffer_and_rents_one_only_to_read()
    {
        var stream = new ChunkedStream(_pool, ["one\n", "two\nth", "ree\n"]);
        using var reader = new WatchLineReader(stream, _pool, 64);

        Assert.Equal("one", await NextAsync(reader));
        Assert.True(reader.HoldsBuffer); // the line returned is in it until the next call
        Assert.Equal("two", await NextAsync(reader));
        Assert.Equal("three", await NextAsync(reader));
        Assert.Null(await reader.ReadLineAsync());

        // A zero-byte read before "one", "two\nth" and the end; none between "th" and "ree", which is half a line.
        Assert.Equal([0, 0, 0], stream.RentedAtZeroByteReads);
        Assert.False(reader.HoldsBuffer);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task A_stream_that_breaks_in_the_middle_of_a_line_throws_after_the_whole_lines_and_returns_the_buffer()
    {
        var stream = new ChunkedStream(_pool, ["whole\nhal"], breakAtEnd: true);
        var reader = new WatchLineReader(stream, _pool, 64);

        Assert.Equal("whole", await NextAsync(reader));
        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadLineAsync());
        Assert.Equal(1, _pool.Outstanding);

        reader.Dispose();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task Disposed_with_half_a_line_waiting_it_returns_the_buffer()
    {
        var reader = new WatchLineReader(new ChunkedStream(_pool, ["whole\nhal", "f\n"]), _pool, 64);
        Assert.Equal("whole", await NextAsync(reader));

        reader.Dispose();

        Assert.Equal(0, _pool.Outstanding);
        Assert.True(_pool.AllReturnedCleared);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_holds_no_buffer()
    {
        using var reader = new WatchLineReader(new ChunkedStream(_pool, ["one\n"]), _pool, 64);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadLineAsync(cancelled.Token));

        Assert.Equal(0, _pool.Outstanding);
    }

    private static async Task<string?> NextAsync(WatchLineReader reader) =>
        await reader.ReadLineAsync() is { } line ? Encoding.UTF8.GetString(line.Span) : null;

    private async Task<List<string>> ReadAllAsync(string[] chunks, int bufferSize = WatchLineReader.InitialBufferSize)
    {
        var lines = new List<string>();
        using (var reader = new WatchLineReader(new ChunkedStream(_pool, chunks), _pool, bufferSize))
        {
            while (await NextAsync(reader) is { } line)
            {
                lines.Add(line);
            }

            Assert.False(reader.HoldsBuffer);
        }

        Assert.Equal(0, _pool.Outstanding);
        return lines;
    }
}
