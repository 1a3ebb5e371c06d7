using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.TrustBundles;

/// <summary>
/// apimachinery's <c>LabelSelectorAsSelector</c> and <c>labels.Selector</c>, as far as selecting objects goes: a
/// <see langword="null"/> selector matches nothing, an empty one everything, else every requirement must match.
/// </summary>
internal sealed class LabelSelectorRules
{
    private readonly Requirement[]? _requirements;

    private LabelSelectorRules(Requirement[]? requirements) => _requirements = requirements;

    /// <summary>Converts a selector, checking its keys, values and operators as <c>labels.NewRequirement</c> does.</summary>
    /// <param name="selector">The selector, or <see langword="null"/> for one that matches nothing.</param>
    /// <param name="rules">The converted selector.</param>
    /// <param name="error">Upstream's message when the selector is invalid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryCreate(LabelSelector? selector, out LabelSelectorRules rules, out string? error)
    {
        error = null;
        rules = new LabelSelectorRules(null);
        if (selector is null)
        {
            return true;
        }

        var requirements = new List<Requirement>();
        foreach (var key in selector.MatchLabels.Keys.Order(StringComparer.Ordinal))
        {
            if (Requirement.Create(key, Operator.Equals, [selector.MatchLabels[key]], out error) is not { } requirement)
            {
                return false;
            }

            requirements.Add(requirement);
        }

        foreach (var expression in selector.MatchExpressions)
        {
            Operator? op = expression.Operator switch
            {
                "In" => Operator.In,
                "NotIn" => Operator.NotIn,
                "Exists" => Operator.Exists,
                "DoesNotExist" => Operator.DoesNotExist,
                _ => null,
            };
            if (op is null)
            {
                error = $"{Text.GoQuote.Quote(expression.Operator)} is not a valid pod selector operator";
                return false;
            }

            if (Requirement.Create(expression.Key, op.Value, expression.Values, out error) is not { } requirement)
            {
                return false;
            }

            requirements.Add(requirement);
        }

        // Selector.Add keeps the requirements sorted by key.
        rules = new LabelSelectorRules(requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray());
        return true;
    }

    /// <summary>Whether the selector matches a set of labels.</summary>
    /// <param name="labels">The labels.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return _requirements is not null && _requirements.All(r => r.Matches(labels));
    }

    /// <summary><c>Selector.String()</c>: the requirements joined by commas; empty for nothing and for everything.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _requirements is null ? string.Empty : string.Join(',', _requirements.Select(r => r.ToString()));

    private enum Operator
    {
        Equals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Operator, IReadOnlyList<string> Values)
    {
        public static Requirement? Create(string key, Operator op, IReadOnlyList<string> values, out string? error)
        {
            error = null;
            if (NameRules.QualifiedName(key) is { Count: > 0 } keyErrors)
            {
                error = $"invalid label key {Text.GoQuote.Quote(key)}: {string.Join("; ", keyErrors)}";
                return null;
            }

            error = op switch
            {
                Operator.In or Operator.NotIn when values.Count == 0 => "for 'in', 'notin' operators, values set can't be empty",
                Operator.Equals when values.Count != 1 => "exact-match compatibility requires one single value",
                Operator.Exists or Operator.DoesNotExist when values.Count != 0 => "values set must be empty for exists and does not exist",
                _ => null,
            };
            if (error is not null)
            {
                return null;
            }

            foreach (var value in values)
            {
                if (NameRules.LabelValue(value) is { Count: > 0 } valueErrors)
                {
                    error = $"invalid label value: {Text.GoQuote.Quote(value)}: at key: {Text.GoQuote.Quote(key)}: {string.Join("; ", valueErrors)}";
                    return null;
                }
            }

            return new Requirement(key, op, values.ToArray());
        }

        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var present = labels.TryGetValue(Key, out var value);
            return Operator switch
            {
                Operator.Equals or Operator.In => present && Values.Contains(value!),
                Operator.NotIn => !present || !Values.Contains(value!),
                Operator.Exists => present,
                _ => !present,
            };
        }

        public override string ToString()
        {
            var values = Values.Count == 1 ? Values[0] : string.Join(',', Values.Order(StringComparer.Ordinal));
            return Operator switch
            {
                Operator.Equals => Key + "=" + values,
                Operator.In => Key + " in (" + values + ")",
                Operator.NotIn => Key + " notin (" + values + ")",
                Operator.Exists => Key,
                _ => "!" + Key,
            };
        }
    }
}
