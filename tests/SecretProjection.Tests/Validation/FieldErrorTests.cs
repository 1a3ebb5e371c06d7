using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

public class FieldErrorTests
{
    private static readonly FieldPath Field = FieldPath.Root("spec", "x");

    [Fact]
    public void Formats_each_type_as_apimachinery_error_body()
    {
        Assert.Equal("spec.x: Required value", FieldError.Required(Field).ToString());
        Assert.Equal("spec.x: Required value: must specify a volume type", FieldError.Required(Field, "must specify a volume type").ToString());
        Assert.Equal("spec.x: Invalid value: \"v\": bad", FieldError.Invalid(Field, "v", "bad").ToString());
        Assert.Equal("spec.x: Invalid value: 512: bad", FieldError.Invalid(Field, 512, "bad").ToString());
        Assert.Equal("spec.x: Forbidden: no", FieldError.Forbidden(Field, "no").ToString());
        Assert.Equal("spec.x: Too long: must have at most 10 bytes", FieldError.TooLong(Field, 10).ToString());
        Assert.Equal("spec.x: Duplicate value: \"a\"", FieldError.Duplicate(Field, "a").ToString());
        Assert.Equal("spec.x: Not found: \"a\"", FieldError.NotFound(Field, "a").ToString());
        Assert.Equal("spec.x: Unsupported value: \"c\": supported values: \"a\", \"b\"", FieldError.NotSupported(Field, "c", ["a", "b"]).ToString());
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("quote\"back\\slash", "\"quote\\\"back\\\\slash\"")]
    [InlineData("nul\0bell\a", "\"nul\\x00bell\\a\"")]
    [InlineData("line\nfeed\ttab", "\"line\\nfeed\\ttab\"")]
    [InlineData("caf\u00e9", "\"caf\u00e9\"")]
    [InlineData("del\u007f", "\"del\\x7f\"")]
    [InlineData("bom\ufeff", "\"bom\\ufeff\"")]
    public void Quotes_values_as_go_percent_q(string value, string quoted) => Assert.Equal(quoted, FieldError.Quote(value));
}
