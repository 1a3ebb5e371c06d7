using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

public class ConfigMapValidationTests
{
    private static ConfigMap Valid() => new()
    {
        Name = "cm",
        Namespace = "ns",
        Data = new Dictionary<string, string> { ["a"] = "1" },
        BinaryData = DataMap.FromStrings([KeyValuePair.Create("b", "2")]),
    };

    // Ported from TestValidateConfigMap.
    [Fact]
    public void TestValidateConfigMap()
    {
        Assert.Empty(ConfigMapValidation.Validate(Valid()));
        Assert.Equal("data[a b]", Assert.Single(ConfigMapValidation.Validate(Valid() with { Data = new Dictionary<string, string> { ["a b"] = "1" } })).Field);
        Assert.Equal("binaryData[..b]", Assert.Single(ConfigMapValidation.Validate(Valid() with { BinaryData = DataMap.FromStrings([KeyValuePair.Create("..b", "2")]) })).Field);
        Assert.Equal(
            "data[b]: Invalid value: \"b\": duplicate of key present in binaryData",
            Assert.Single(ConfigMapValidation.Validate(Valid() with { Data = new Dictionary<string, string> { ["b"] = "1" } })).ToString());
    }

    [Fact]
    public void Counts_data_and_binary_data_towards_one_MiB()
    {
        var big = Valid() with
        {
            Data = new Dictionary<string, string> { ["a"] = new string('x', 600_000) },
            BinaryData = DataMap.Create([KeyValuePair.Create("b", new byte[600_000])]),
        };
        var error = Assert.Single(ConfigMapValidation.Validate(big));
        Assert.Equal(FieldErrorType.TooLong, error.Type);
        Assert.Equal(string.Empty, error.Field);
    }
}
