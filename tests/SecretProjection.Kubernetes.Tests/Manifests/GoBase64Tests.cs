using System.Text;
using SecretProjection.Kubernetes.Manifests;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>Base64 as the API server decodes a Secret's <c>data</c> (Go's <c>base64.StdEncoding</c>).</summary>
public class GoBase64Tests
{
    // Go's encoding/base64 TestDecodeCorrupt: the offset Go reports for each corrupt input, -1 for a valid one.
    [Theory]
    [InlineData("", -1)]
    [InlineData("\n", -1)]
    [InlineData("AAA=\n", -1)]
    [InlineData("AAAA\n", -1)]
    [InlineData("!!!!", 0)]
    [InlineData("====", 0)]
    [InlineData("x===", 1)]
    [InlineData("=AAA", 0)]
    [InlineData("A=AA", 1)]
    [InlineData("AA=A", 2)]
    [InlineData("AA==A", 4)]
    [InlineData("AAA=AAAA", 4)]
    [InlineData("AAAAA", 4)]
    [InlineData("AAAAAA", 4)]
    [InlineData("A=", 1)]
    [InlineData("A==", 1)]
    [InlineData("AA=", 3)]
    [InlineData("AA==", -1)]
    [InlineData("AAA=", -1)]
    [InlineData("AAAA", -1)]
    [InlineData("AAAAAA=", 7)]
    [InlineData("YWJjZA=====", 8)]
    [InlineData("A!\n", 1)]
    [InlineData("A=\n", 1)]
    public void Reports_the_offset_Go_reports_for_corrupt_input(string input, int offset)
    {
        var valid = GoBase64.TryDecode(input, out _, out var errorOffset);

        Assert.Equal(offset == -1, valid);
        Assert.Equal(offset, errorOffset);
    }

    // Go's encoding/base64 pairs (RFC 3548 examples and the wikipedia ones), and line breaks, which Go skips.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "Zg==")]
    [InlineData("fo", "Zm8=")]
    [InlineData("foo", "Zm9v")]
    [InlineData("foob", "Zm9vYg==")]
    [InlineData("fooba", "Zm9vYmE=")]
    [InlineData("foobar", "Zm9vYmFy")]
    [InlineData("sure.", "c3VyZS4=")]
    [InlineData("leasure.", "bGVhc3VyZS4=")]
    [InlineData("foobar", "Zm9v\r\nYmFy\n")]
    public void Decodes_what_Go_decodes(string decoded, string encoded)
    {
        Assert.True(GoBase64.TryDecode(encoded, out var bytes, out _));
        Assert.Equal(decoded, Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void Decodes_the_bytes_of_every_length_as_dotnet_encodes_them()
    {
        var random = new Random(7);
        for (var length = 0; length < 64; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);

            Assert.True(GoBase64.TryDecode(Convert.ToBase64String(bytes), out var decoded, out _));
            Assert.Equal(bytes, decoded);
        }
    }
}
