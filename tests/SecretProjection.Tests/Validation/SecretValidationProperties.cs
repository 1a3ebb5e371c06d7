using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

/// <summary>FsCheck properties of key validation: generated valid keys pass, every mutation into an invalid key fails with the key in the field path, and nothing throws.</summary>
public class SecretValidationProperties
{
    private const string KeyAlphabet = "abcxyzABCXYZ0123456789-_.";

    public static Arbitrary<string> ValidKeys() =>
        Gen.Elements(KeyAlphabet.ToCharArray())
            .ArrayOf()
            .Where(cs => cs.Length is > 0 and <= NameRules.Dns1123SubdomainMaxLength)
            .Select(cs => new string(cs))
            .Where(k => k != "." && !k.StartsWith("..", StringComparison.Ordinal))
            .ToArbitrary();

    /// <summary>Ways to make any valid key invalid.</summary>
    public static Arbitrary<Func<string, string>> Mutations() =>
        Gen.OneOf(
            Gen.Elements(" /\\*!@#$%^&()=+[]{}:;,<>?~`'\"\u00e9\u4e2d\n\t\0".ToCharArray()).Select<char, Func<string, string>>(c => k => k + c),
            Gen.Constant<Func<string, string>>(k => ".." + k),
            Gen.Constant<Func<string, string>>(k => new string('a', 254 - Math.Min(k.Length, 253)) + k),
            Gen.Constant<Func<string, string>>(_ => string.Empty))
        .ToArbitrary();

    private static Secret WithKey(string key) => new() { Name = "s", Namespace = "ns", Data = DataMap.FromStrings([KeyValuePair.Create(key, "v")]) };

    [Property(Arbitrary = [typeof(SecretValidationProperties)])]
    public bool Generated_valid_keys_are_accepted(string key) => SecretValidation.Validate(WithKey(key)).Count == 0;

    [Property(Arbitrary = [typeof(SecretValidationProperties)])]
    public bool Every_mutation_into_an_invalid_key_is_rejected_with_the_key_in_the_field_path(string key, Func<string, string> mutate)
    {
        var bad = mutate(key);
        var errors = SecretValidation.Validate(WithKey(bad));
        return errors.Count > 0 && errors.All(e => e.Field == "data[" + bad + "]");
    }

    [Property(MaxTest = 500)]
    public bool Validation_never_throws(string? name, string? ns, string? type, string[]? keys, byte[]? value, bool immutable)
    {
        var secret = new Secret
        {
            Name = name ?? string.Empty,
            Namespace = ns ?? string.Empty,
            Type = type ?? string.Empty,
            Immutable = immutable,
            Data = DataMap.Create((keys ?? []).Where(k => k is not null).Select(k => KeyValuePair.Create(k, value ?? []))),
        };
        _ = SecretValidation.Validate(secret);
        _ = SecretValidation.ValidateUpdate(secret with { Immutable = !immutable }, secret);
        return true;
    }

    [Property(MaxTest = 500)]
    public bool Docker_config_check_never_throws(byte[] json) =>
        SecretValidation.Validate(new Secret { Name = "d", Type = SecretTypes.DockerConfigJson, Data = DataMap.Create([KeyValuePair.Create(SecretTypes.DockerConfigJsonKey, json ?? [])]) }) is not null;
}
