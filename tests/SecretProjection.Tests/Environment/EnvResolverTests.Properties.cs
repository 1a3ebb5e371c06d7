using FsCheck.Xunit;
using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.Validation;
using static SecretProjection.Tests.Environment.EnvFixtures;

namespace SecretProjection.Tests.Environment;

/// <summary>Invariants of <see cref="EnvResolver"/>, and bad input that must stay bounded.</summary>
public partial class EnvResolverTests
{
    // Printable ASCII other than '=': every name the relaxed rule accepts is made of these.
    private static readonly char[] RelaxedAlphabet = Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => c != '=').ToArray();

    [Property]
    public bool Output_is_deterministic_whatever_the_order_objects_were_built_in(byte[][] keySeeds, string[] values)
    {
        var keys = Names(keySeeds);
        var pairs = keys.Select((k, i) => (k, Value(values, i))).ToArray();
        var env = keys.Take(3).Select((k, i) => Literal("E" + i, "$(" + k + ")-" + Value(values, i + 1))).ToArray();
        var container = Container([FromConfigMap("c"), FromSecret("s", "S_")], env);

        var first = Resolve(container, Strict, ConfigMap("c", pairs), Secret("s", pairs));
        var second = Resolve(container, Strict, ConfigMap("c", pairs.Reverse().ToArray()), Secret("s", pairs.Reverse().ToArray()));

        return Pairs(first).SequenceEqual(Pairs(second)) && first.Events.SequenceEqual(second.Events);
    }

    [Property]
    public bool Env_always_overrides_envFrom(byte[][] keySeeds, string[] values)
    {
        var keys = Names(keySeeds);
        var overridden = keys.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        var container = Container(
            [FromSecret("s"), FromConfigMap("c")],
            overridden.Select(k => Literal(k, "from-env")));

        var result = Resolve(container, Secret("s", keys.Select((k, i) => (k, Value(values, i))).ToArray()), ConfigMap("c", keys.Select(k => (k, "cm")).ToArray()));

        return result.Env.All(v => v.Value == (overridden.Contains(v.Name) ? "from-env" : "cm"))
            && result.Env.Count == keys.Length;
    }

    [Property]
    public bool Relaxed_names_keep_every_printable_ascii_key_but_equals(byte[][] keySeeds)
    {
        var keys = Names(keySeeds);
        var result = Resolve(Container([FromSecret("s")]), Secret("s", keys.Select(k => (k, "v")).ToArray()));

        return result.Env.Select(v => v.Name).Order(StringComparer.Ordinal).SequenceEqual(keys.Order(StringComparer.Ordinal))
            && result.Events.Count == 0;
    }

    [Property]
    public bool Strict_names_skip_and_report_exactly_the_invalid_keys(byte[][] keySeeds)
    {
        var keys = Names(keySeeds);
        var invalid = keys.Where(k => NameRules.EnvVarName(k).Count > 0).Order(StringComparer.Ordinal).ToArray();
        var result = Resolve(Container([FromSecret("s")]), Strict, Secret("s", keys.Select(k => (k, "v")).ToArray()));

        var kept = result.Env.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var reported = invalid.Length == 0
            ? result.Events.Count == 0
            : result.Events.Single().Message == $"Keys [{string.Join(", ", invalid)}] from the EnvFrom secret test1/s were skipped since they are considered invalid environment variable names.";
        return reported && kept.SetEquals(keys.Except(invalid));
    }

    [Property]
    public bool Never_throws_on_arbitrary_references(string[] values, bool[] optional, byte[][] keySeeds)
    {
        var keys = Names(keySeeds);
        var env = values.Select((v, i) => i % 3 == 0
            ? SecretKey("V" + i, i % 2 == 0 ? "s" : "missing", keys.ElementAtOrDefault(i) ?? "k", optional.ElementAtOrDefault(i))
            : Literal("V" + i, v ?? string.Empty));
        var result = Resolve(Container([FromSecret("missing", optional: optional.FirstOrDefault())], env), Secret("s", keys.Select(k => (k, "$(V0)")).ToArray()));

        return result.CanStart ? result.Env.Count <= values.Length + keys.Length : result.Env.Count == 0;
    }

    [Fact]
    public void References_in_a_loop_expand_once_and_stay_as_written()
    {
        var result = Resolve(Container(env: [Literal("A", "$(B)"), Literal("B", "$(A)"), Literal("C", "$(C)")]));

        Assert.Equal([("A", "$(B)"), ("B", "$(B)"), ("C", "$(C)")], Pairs(result));
    }

    [Fact]
    public void Thousands_of_chained_variables_resolve()
    {
        var env = Enumerable.Range(0, 3000).Select(i => Literal("V" + i, i == 0 ? "x" : "$(V" + (i - 1) + ")x"));

        var result = Resolve(Container(env: env));

        Assert.Equal(3000, result.Env.Count);
        Assert.Equal(new string('x', 3000), result.Env[^1].Value);
    }

    [Fact]
    public void Megabyte_values_resolve()
    {
        var big = new string('s', 1024 * 1024);
        var env = Enumerable.Range(0, 8).Select(i => Literal("R" + i, "<$(BIG)>")).Prepend(SecretKey("BIG", "s", "big"));

        var result = Resolve(Container(env: env), Secret("s", ("big", big)));

        Assert.True(result.CanStart);
        Assert.All(result.Env.Skip(1), v => Assert.Equal(big.Length + 2, v.Value.Length));
    }

    [Fact]
    public void A_doubling_chain_stops_at_the_size_limit_instead_of_exhausting_memory()
    {
        var env = Enumerable.Range(0, 64).Select(i => Literal("D" + i, i == 0 ? new string('x', 1024) : "$(D" + (i - 1) + ")$(D" + (i - 1) + ")"));

        var result = Resolve(Container(env: env));

        Assert.Equal(EnvErrorKind.EnvironmentTooLarge, result.Error?.Kind);
        Assert.Equal("the environment is larger than 33554432 characters", result.Error?.Message);
        Assert.Equal("spec.containers[0].env[15].value", result.Error?.Field);
    }

    [Fact]
    public void The_size_limit_counts_values_taken_from_objects()
    {
        var result = Resolve(Container([FromSecret("s")]), new EnvResolverOptions { MaxEnvironmentLength = 5 }, Secret("s", ("A", "123"), ("B", "456")));

        Assert.Equal(new ContainerStartError(EnvErrorKind.EnvironmentTooLarge, "the environment is larger than 5 characters", "spec.containers[0].envFrom[0]"), result.Error);
    }

    private static string[] Names(byte[][] seeds) =>
        (seeds ?? []).Where(s => s is { Length: > 0 })
            .Select(s => new string(s.Select(b => RelaxedAlphabet[b % RelaxedAlphabet.Length]).ToArray()))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private static string Value(string[] values, int index) =>
        values is { Length: > 0 } ? values[index % values.Length] ?? string.Empty : "v";
}
