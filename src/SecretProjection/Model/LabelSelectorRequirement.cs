namespace SecretProjection.Model;

/// <summary>One <c>matchExpressions</c> entry of a label selector.</summary>
public sealed record LabelSelectorRequirement
{
    /// <summary>The label key.</summary>
    public required string Key { get; init; }

    /// <summary>The operator: <c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    public required string Operator { get; init; }

    /// <summary>The values; non-empty for <c>In</c> and <c>NotIn</c>, empty otherwise. Default: none.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];
}
