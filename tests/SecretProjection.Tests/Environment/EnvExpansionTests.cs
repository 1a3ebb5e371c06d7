using FsCheck.Xunit;
using SecretProjection.Environment;

namespace SecretProjection.Tests.Environment;

public class EnvExpansionTests
{
    private static readonly Dictionary<string, string> Context = new(StringComparer.Ordinal)
    {
        ["VAR_A"] = "A",
        ["VAR_B"] = "B",
        ["VAR_C"] = "C",
        ["VAR_REF"] = "$(VAR_A)",
        ["VAR_EMPTY"] = string.Empty,
    };

    // Ported from third_party/forked/golang/expansion/expand_test.go, doExpansionTest (TestMapping, TestMappingDual).
    public static TheoryData<string, string, string> UpstreamCases => new()
    {
        { "whole string", "$(VAR_A)", "A" },
        { "repeat", "$(VAR_A)-$(VAR_A)", "A-A" },
        { "beginning", "$(VAR_A)-1", "A-1" },
        { "middle", "___$(VAR_B)___", "___B___" },
        { "end", "___$(VAR_C)", "___C" },
        { "compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C" },
        { "escape & expand", "$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A" },
        { "compound escape", "$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)" },
        { "mixed in escapes", "f000-$$VAR_A", "f000-$VAR_A" },
        { "backslash escape ignored", "foo\\$(VAR_C)bar", "foo\\Cbar" },
        { "backslash escape ignored (2)", "foo\\\\$(VAR_C)bar", "foo\\\\Cbar" },
        { "lots of backslashes", "foo\\\\\\\\$(VAR_A)bar", "foo\\\\\\\\Abar" },
        { "nested var references", "$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))" },
        { "nested var references second type", "$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)" },
        { "value is a reference", "$(VAR_REF)", "$(VAR_A)" },
        { "value is a reference x 2", "%%$(VAR_REF)--$(VAR_REF)%%", "%%$(VAR_A)--$(VAR_A)%%" },
        { "empty var", "foo$(VAR_EMPTY)bar", "foobar" },
        { "unterminated expression", "foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!" },
        { "expression without operator", "f00__(VAR_A)__", "f00__(VAR_A)__" },
        { "shell special vars pass through", "$?_boo_$!", "$?_boo_$!" },
        { "bare operators are ignored", "$VAR_A", "$VAR_A" },
        { "undefined vars are passed through", "$(VAR_DNE)", "$(VAR_DNE)" },
        { "multiple (even) operators, var undefined", "$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)" },
        { "multiple (even) operators, var defined", "$$$$$$(VAR_A)", "$$$(VAR_A)" },
        { "multiple (odd) operators, var undefined", "$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)" },
        { "multiple (odd) operators, var defined", "$$$$$$$(VAR_A)", "$$$A" },
        { "missing open expression", "$VAR_A)", "$VAR_A)" },
        { "shell syntax ignored", "${VAR_A}", "${VAR_A}" },
        { "trailing incomplete expression not consumed", "$(VAR_B)_______$(A", "B_______$(A" },
        { "trailing incomplete expression, no content, is not consumed", "$(VAR_C)_______$(", "C_______$(" },
        { "operator at end of input string is preserved", "$(VAR_A)foobarzab$", "Afoobarzab$" },
        { "shell escaped incomplete expr", "foo-\\$(VAR_A", "foo-\\$(VAR_A" },
        { "lots of $( in middle", "--$($($($($--", "--$($($($($--" },
        { "lots of $( in beginning", "$($($($($--foo$(", "$($($($($--foo$(" },
        { "lots of $( at end", "foo0--$($($($(", "foo0--$($($($(" },
        { "escaped operators in variable names are not escaped", "$(foo$$var)", "$(foo$$var)" },
        { "newline not expanded", "\n", "\n" },
    };

    [Theory]
    [MemberData(nameof(UpstreamCases))]
    public void Expands_as_upstream(string name, string input, string expected)
    {
        Assert.True(expected == Expand(input), name);
    }

    [Fact]
    public void Each_value_sees_the_values_expanded_before_it()
    {
        // TestMapReference: FOO=bar, ZOO=$(FOO)-1, BLU=$(ZOO)-2, expanded in order into the same map.
        var declared = new Dictionary<string, string>(StringComparer.Ordinal) { ["FOO"] = "bar", ["ZOO"] = "$(FOO)-1", ["BLU"] = "$(ZOO)-2" };
        foreach (var (name, value) in new[] { ("FOO", "bar"), ("ZOO", "$(FOO)-1"), ("BLU", "$(ZOO)-2") })
        {
            declared[name] = EnvExpansion.Expand(value, n => declared.GetValueOrDefault(n));
        }

        Assert.Equal(new Dictionary<string, string> { ["FOO"] = "bar", ["ZOO"] = "bar-1", ["BLU"] = "bar-1-2" }, declared);
    }

    [Fact]
    public void An_empty_reference_is_undefined_and_kept()
    {
        Assert.Equal("a$()b", Expand("a$()b"));
    }

    [Fact]
    public void Non_ascii_after_an_operator_is_kept_whole()
    {
        Assert.Equal("$é$\U0001F600", Expand("$é$\U0001F600"));
    }

    [Fact]
    public void Megabytes_of_unterminated_references_expand_in_linear_time()
    {
        // Each "$(" would rescan the rest of the input for ')' without the remembered search.
        var input = string.Concat(Enumerable.Repeat("$(", 512 * 1024));
        Assert.Equal(input, Expand(input));
    }

    [Property]
    public bool A_string_without_an_operator_is_returned_as_is(string? text)
    {
        var input = (text ?? string.Empty).Replace("$", string.Empty, StringComparison.Ordinal);
        return ReferenceEquals(input, EnvExpansion.Expand(input, _ => "x"));
    }

    [Property]
    public bool Never_throws_and_mapping_only_sees_names_between_parentheses(string? text)
    {
        var seen = new List<string>();
        EnvExpansion.Expand(text ?? string.Empty, n =>
        {
            seen.Add(n);
            return "v";
        });
        return seen.TrueForAll(n => !n.Contains(')', StringComparison.Ordinal));
    }

    private static string Expand(string input) => EnvExpansion.Expand(input, n => Context.GetValueOrDefault(n));
}
