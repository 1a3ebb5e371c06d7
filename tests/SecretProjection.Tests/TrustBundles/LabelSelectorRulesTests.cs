using SecretProjection.Model;
using SecretProjection.TrustBundles;

namespace SecretProjection.Tests.TrustBundles;

public class LabelSelectorRulesTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    private static LabelSelectorRules Rules(LabelSelector? selector)
    {
        Assert.True(LabelSelectorRules.TryCreate(selector, out var rules, out var error), error);
        return rules;
    }

    private static LabelSelector Expression(string key, string op, params string[] values) =>
        new() { MatchExpressions = [new LabelSelectorRequirement { Key = key, Operator = op, Values = values }] };

    // LabelSelectorAsSelector: nil matches nothing, empty everything.
    [Fact]
    public void Nil_matches_nothing_and_empty_everything()
    {
        Assert.False(Rules(null).Matches(Labels));
        Assert.True(Rules(new LabelSelector()).Matches(Labels));
        Assert.True(Rules(new LabelSelector()).Matches(new Dictionary<string, string>()));
        Assert.Equal(string.Empty, Rules(null).ToString());
    }

    [Theory]
    [InlineData("In", new[] { "web", "api" }, true)]
    [InlineData("In", new[] { "api" }, false)]
    [InlineData("NotIn", new[] { "api" }, true)]
    [InlineData("NotIn", new[] { "web" }, false)]
    [InlineData("Exists", new string[0], true)]
    [InlineData("DoesNotExist", new string[0], false)]
    public void Matches_set_based_requirements(string op, string[] values, bool expected) =>
        Assert.Equal(expected, Rules(Expression("app", op, values)).Matches(Labels));

    [Fact]
    public void An_absent_key_satisfies_NotIn_and_DoesNotExist_only()
    {
        Assert.True(Rules(Expression("zone", "NotIn", "a")).Matches(Labels));
        Assert.True(Rules(Expression("zone", "DoesNotExist")).Matches(Labels));
        Assert.False(Rules(Expression("zone", "In", "a")).Matches(Labels));
        Assert.False(Rules(Expression("zone", "Exists")).Matches(Labels));
    }

    [Fact]
    public void Writes_requirements_sorted_by_key_as_Selector_String_does()
    {
        var selector = new LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "web" },
            MatchExpressions =
            [
                new LabelSelectorRequirement { Key = "zone", Operator = "In", Values = ["b", "a"] },
                new LabelSelectorRequirement { Key = "env", Operator = "NotIn", Values = ["dev"] },
                new LabelSelectorRequirement { Key = "canary", Operator = "DoesNotExist" },
                new LabelSelectorRequirement { Key = "owner", Operator = "Exists" },
            ],
        };
        Assert.Equal("app=web,!canary,env notin (dev),owner,tier=front,zone in (a,b)", Rules(selector).ToString());
    }

    [Theory]
    [InlineData("a b", "In", new[] { "x" }, "invalid label key \"a b\": name part must consist of alphanumeric characters")]
    [InlineData("app", "In", new string[0], "for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("app", "Exists", new[] { "x" }, "values set must be empty for exists and does not exist")]
    [InlineData("app", "In", new[] { "not valid" }, "invalid label value: \"not valid\": at key: \"app\": a valid label must be an empty string")]
    [InlineData("app", "Gt", new[] { "1" }, "\"Gt\" is not a valid pod selector operator")]
    public void Refuses_what_NewRequirement_refuses(string key, string op, string[] values, string messageStart)
    {
        Assert.False(LabelSelectorRules.TryCreate(Expression(key, op, values), out _, out var error));
        Assert.StartsWith(messageStart, error, StringComparison.Ordinal);
    }
}
