using SecretProjection.Writing;

namespace SecretProjection.Tests.Writing;

public class VolumeLayoutTests
{
    [Fact]
    public void Names_a_generation_as_go_os_mkdirtemp_with_upstreams_time_prefix()
    {
        var time = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);

        Assert.Equal("..2026_11_25_10_00_00.123456789", VolumeLayout.TimestampDirectoryName(time, 123456789));
        Assert.Equal("..2026_11_25_10_00_00.4294967295", VolumeLayout.TimestampDirectoryName(time, uint.MaxValue));
        Assert.Equal("..2026_11_25_10_00_00.0", VolumeLayout.TimestampDirectoryName(time, 0));
    }

    [Theory]
    [InlineData("..data", true)]
    [InlineData("..2026_11_25_10_00_00.1", true)]
    [InlineData(".hidden", false)]
    [InlineData("data", false)]
    public void Reserves_names_starting_with_two_dots(string name, bool reserved) =>
        Assert.Equal(reserved, VolumeLayout.IsReserved(name));
}
