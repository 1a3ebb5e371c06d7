namespace SecretProjection.Testing.Api;

/// <summary>
/// A list's or watch's <c>fieldSelector</c> and <c>labelSelector</c>. Field requirements use <c>=</c>, <c>==</c>
/// or <c>!=</c> on <c>metadata.name</c>, <c>metadata.namespace</c> and the resource's own field labels (apimachinery
/// <c>fields.ParseSelector</c>); label requirements also <c>in (…)</c>, <c>notin (…)</c>, <c>key</c> and <c>!key</c>
/// (<c>labels.Parse</c>). Requirements are separated by commas and must all hold.
/// </summary>
internal sealed class ApiSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _fields;
    private readonly List<(string Key, string Operator, string[] Values)> _labels;

    private ApiSelector(List<(string, bool, string)> fields, List<(string, string, string[])> labels)
    {
        _fields = fields;
        _labels = labels;
    }

    /// <summary>The name a <c>metadata.name=</c> requirement selects, if there is one: the watch can be found by its object.</summary>
    public string? Name => _fields.FirstOrDefault(r => r is { Field: "metadata.name", Equal: true }).Value;

    /// <summary>The selection of one object by name: <c>fieldSelector=metadata.name=NAME</c>.</summary>
    public static ApiSelector ForName(string name) => new([("metadata.name", true, name)], []);

    /// <summary>Parses both selectors of a request; on failure, <paramref name="error"/> holds the API server's message.</summary>
    public static ApiSelector? Parse(ApiResource resource, string? fieldSelector, string? labelSelector, out string? error)
    {
        error = null;
        var fields = new List<(string, bool, string)>();
        foreach (var part in Split(fieldSelector))
        {
            var (field, equal, value) = SplitField(part);
            if (field is null)
            {
                error = $"invalid selector: '{fieldSelector}'; can't understand '{part}'";
                return null;
            }

            if (field is not ("metadata.name" or "metadata.namespace") && !resource.FieldLabels.Contains(field))
            {
                error = $"field label not supported: {field}";
                return null;
            }

            fields.Add((field, equal, value));
        }

        var labels = new List<(string, string, string[])>();
        foreach (var part in SplitLabels(labelSelector))
        {
            if (ParseLabel(part) is not { } requirement)
            {
                error = $"unable to parse requirement: found '{part}', expected: key, !key, key=value, key!=value, key in (values) or key notin (values)";
                return null;
            }

            labels.Add(requirement);
        }

        return new ApiSelector(fields, labels);
    }

    public bool Matches(ApiObject item) =>
        _fields.TrueForAll(r => (item.FieldValue(r.Field) == r.Value) == r.Equal)
        && _labels.TrueForAll(r => Holds(r, item.Labels));

    /// <summary>Whether an object of that namespace and name could match: what is known of an object without reading it.</summary>
    public bool MayMatch(string @namespace, string name) =>
        _fields.TrueForAll(r => r.Field switch
        {
            "metadata.name" => (name == r.Value) == r.Equal,
            "metadata.namespace" => (@namespace == r.Value) == r.Equal,
            _ => true,
        });

    private static IEnumerable<string> Split(string? selector) =>
        string.IsNullOrEmpty(selector) ? [] : selector.Split(',');

    /// <summary>The requirements of a label selector: commas inside the parentheses of a set are not separators.</summary>
    private static IEnumerable<string> SplitLabels(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            depth += selector[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i].Trim();
                start = i + 1;
            }
        }

        yield return selector[start..].Trim();
    }

    private static (string? Field, bool Equal, string Value) SplitField(string part)
    {
        var index = part.IndexOf("!=", StringComparison.Ordinal);
        if (index > 0)
        {
            return (part[..index].Trim(), false, part[(index + 2)..].Trim());
        }

        index = part.IndexOf("==", StringComparison.Ordinal);
        if (index > 0)
        {
            return (part[..index].Trim(), true, part[(index + 2)..].Trim());
        }

        index = part.IndexOf('=', StringComparison.Ordinal);
        return index > 0 ? (part[..index].Trim(), true, part[(index + 1)..].Trim()) : (null, true, string.Empty);
    }

    private static (string Key, string Operator, string[] Values)? ParseLabel(string part)
    {
        if (part.Length == 0)
        {
            return null;
        }

        foreach (var op in (string[])[" notin ", " in "])
        {
            var at = part.IndexOf(op, StringComparison.Ordinal);
            if (at > 0 && part.EndsWith(')') && part.IndexOf('(', at) is var open and > 0)
            {
                var values = part[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return (part[..at].Trim(), op.Trim(), values);
            }
        }

        var (key, equal, value) = SplitField(part);
        if (key is not null)
        {
            return (key, equal ? "=" : "!=", [value]);
        }

        return part.StartsWith('!') ? (part[1..].Trim(), "!", []) : part.Contains(' ') || part.Contains('(') ? null : (part, "exists", []);
    }

    private static bool Holds((string Key, string Operator, string[] Values) requirement, IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(requirement.Key, out var value);
        return requirement.Operator switch
        {
            "=" or "in" => has && requirement.Values.Contains(value),
            "!=" or "notin" => !has || !requirement.Values.Contains(value),
            "!" => !has,
            _ => has,
        };
    }
}
