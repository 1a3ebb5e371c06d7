using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Cli;

/// <summary>Durations as Go reads them for the kubelet's flags; the cases are Go's (src/time/time_test.go).</summary>
public sealed class GoDurationTests
{
    private const long Ns = 1, Us = 1_000, Ms = 1_000_000, S = 1_000_000_000, M = 60 * S, H = 60 * M;

    // Go's TestParseDuration (parseDurationTests), in nanoseconds; a TimeSpan keeps them to 100 ns.
    public static TheoryData<string, long> Valid => new()
    {
        { "0", 0 }, { "5s", 5 * S }, { "30s", 30 * S }, { "1478s", 1478 * S },
        { "-5s", -5 * S }, { "+5s", 5 * S }, { "-0", 0 }, { "+0", 0 },
        { "5.0s", 5 * S }, { "5.6s", (5 * S) + (600 * Ms) }, { "5.s", 5 * S }, { ".5s", 500 * Ms },
        { "1.0s", 1 * S }, { "1.00s", 1 * S }, { "1.004s", (1 * S) + (4 * Ms) }, { "1.0040s", (1 * S) + (4 * Ms) },
        { "100.00100s", (100 * S) + (1 * Ms) },
        { "10ns", 10 * Ns }, { "11us", 11 * Us }, { "12µs", 12 * Us }, { "12μs", 12 * Us },
        { "13ms", 13 * Ms }, { "14s", 14 * S }, { "15m", 15 * M }, { "16h", 16 * H },
        { "3h30m", (3 * H) + (30 * M) }, { "10.5s4m", (4 * M) + (10 * S) + (500 * Ms) },
        { "-2m3.4s", -((2 * M) + (3 * S) + (400 * Ms)) },
        { "1h2m3s4ms5us6ns", (1 * H) + (2 * M) + (3 * S) + (4 * Ms) + (5 * Us) + (6 * Ns) },
        { "39h9m14.425s", (39 * H) + (9 * M) + (14 * S) + (425 * Ms) },
        { "52763797000ns", 52763797000 * Ns }, { "0.3333333333333333333h", 20 * M },
        { "9007199254740993ns", ((1L << 53) + 1) * Ns }, { "9223372036854775807ns", long.MaxValue },
        { "9223372036854775.807us", long.MaxValue }, { "9223372036s854ms775us807ns", long.MaxValue },
        { "-9223372036854775808ns", long.MinValue }, { "-9223372036854775.808us", long.MinValue },
        { "-9223372036s854ms775us808ns", long.MinValue }, { "-2562047h47m16.854775808s", long.MinValue },
        { "0.100000000000000000000h", 6 * M }, { "0.830103483285477580700h", (49 * M) + (48 * S) + 372539827 },
        { "60s", 60 * S }, { "1m30s", 90 * S }, { "500ms", 500 * Ms },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Reads_what_go_reads(string text, long nanoseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromTicks(nanoseconds / 100), value);
    }

    // Go's TestParseDurationErrors, with the messages of time.ParseDuration.
    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("3", "time: missing unit in duration \"3\"")]
    [InlineData("60", "time: missing unit in duration \"60\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData(".", "time: invalid duration \".\"")]
    [InlineData("-.", "time: invalid duration \"-.\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("+.s", "time: invalid duration \"+.s\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("1.5 s", "time: unknown unit \" s\" in duration \"1.5 s\"")]
    [InlineData("1µx", "time: unknown unit \"\\xc2\\xb5x\" in duration \"1\\xc2\\xb5x\"")]
    [InlineData("\uFFFD", "time: invalid duration \"\\xef\\xbf\\xbd\"")]
    [InlineData("9223372036854775810ns", "time: invalid duration \"9223372036854775810ns\"")]
    [InlineData("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"")]
    [InlineData("9223372036854776us", "time: invalid duration \"9223372036854776us\"")]
    [InlineData("3000000h", "time: invalid duration \"3000000h\"")]
    [InlineData("9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\"")]
    [InlineData("9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\"")]
    [InlineData("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\"")]
    public void Refuses_what_go_refuses_with_gos_message(string text, string message)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    // Go's TestDurationString, for the durations a TimeSpan holds.
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(100 * Ns, "100ns")]
    [InlineData(2200 * Ns, "2.2µs")]
    [InlineData(3300 * Us, "3.3ms")]
    [InlineData((4 * M) + (5 * S), "4m5s")]
    [InlineData((4 * M) + (5001 * Ms), "4m5.001s")]
    [InlineData((5 * H) + (6 * M) + (7001 * Ms), "5h6m7.001s")]
    [InlineData(8 * M, "8m0s")]
    [InlineData(M, "1m0s")]
    [InlineData(-M, "-1m0s")]
    [InlineData(500 * Ms, "500ms")]
    [InlineData(90 * S, "1m30s")]
    public void Writes_what_go_writes(long nanoseconds, string text) =>
        Assert.Equal(text, GoDuration.Format(TimeSpan.FromTicks(nanoseconds / 100)));

    [Theory]
    [InlineData("60s")]
    [InlineData("1m30s")]
    [InlineData("1h0m0.5s")]
    [InlineData("-2m3.4s")]
    [InlineData("1.5ms")]
    public void Reads_back_what_it_writes(string text)
    {
        Assert.True(GoDuration.TryParse(text, out var value, out _));
        Assert.True(GoDuration.TryParse(GoDuration.Format(value), out var again, out _));
        Assert.Equal(value, again);
    }
}
