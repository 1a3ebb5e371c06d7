using System.Text;
using SecretProjection.TrustBundles;

namespace SecretProjection.Tests.TrustBundles;

public class PemBlockTests
{
    // Cases in the manner of Go's encoding/pem TestDecode: what Decode takes, skips and leaves.
    [Fact]
    public void Decodes_type_headers_and_bytes_and_returns_the_rest()
    {
        var block = PemBlock.Decode("-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES\n\nYWJj\n-----END X-----\nrest", out var rest);
        Assert.NotNull(block);
        Assert.Equal("X", block.Type);
        Assert.Equal("4,ENCRYPTED", block.Headers["Proc-Type"]);
        Assert.Equal("DES", block.Headers["DEK-Info"]);
        Assert.Equal("abc"u8.ToArray(), block.Bytes);
        Assert.Equal("rest", rest);
    }

    [Theory]
    [InlineData("no pem here")]
    [InlineData("-----BEGIN X-----\nYWJj\n-----END Y-----\n")] // the END type differs
    [InlineData("-----BEGIN X-----\nYWJ\n-----END X-----\n")] // base64 without padding
    [InlineData(" -----BEGIN X-----\nYWJj\n-----END X-----\n")] // BEGIN not at the start of a line
    [InlineData("-----BEGIN X-----\nYWJj\n-----END X----- junk\n")] // more than white space after END
    public void Finds_no_block_in_text_that_is_not_one(string text)
    {
        Assert.Null(PemBlock.Decode(text, out var rest));
        Assert.Equal(text, rest);
    }

    [Fact]
    public void Skips_a_broken_block_to_find_the_next()
    {
        var text = "-----BEGIN X-----\n!!!!\n-----END X-----\n-----BEGIN Y-----\nYWJj\n-----END Y-----\n";
        Assert.Equal("Y", PemBlock.Decode(text, out _)?.Type);
    }

    [Fact]
    public void Reads_an_empty_block()
    {
        var block = PemBlock.Decode("-----BEGIN EMPTY-----\n-----END EMPTY-----\n", out _);
        Assert.NotNull(block);
        Assert.Empty(block.Bytes);
    }

    [Fact]
    public void Encodes_as_EncodeToMemory_does_with_64_character_lines()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('a', 60));
        var pem = PemBlock.Encode("CERTIFICATE", bytes);
        var base64 = Convert.ToBase64String(bytes);
        Assert.Equal($"-----BEGIN CERTIFICATE-----\n{base64[..64]}\n{base64[64..]}\n-----END CERTIFICATE-----\n", pem);
        Assert.Equal(bytes, PemBlock.Decode(pem, out _)?.Bytes);
        Assert.Equal("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", PemBlock.Encode("CERTIFICATE", []));
    }
}
