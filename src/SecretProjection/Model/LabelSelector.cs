namespace SecretProjection.Model;

/// <summary>A label selector (<c>metav1.LabelSelector</c>): every label and every expression must match; an empty selector matches everything.</summary>
public sealed record LabelSelector
{
    /// <summary>Labels that must be present with these values. Default: none.</summary>
    public IReadOnlyDictionary<string, string> MatchLabels { get; init; } = ObjectDefaults.NoLabels;

    /// <summary>Set-based requirements. Default: none.</summary>
    public IReadOnlyList<LabelSelectorRequirement> MatchExpressions { get; init; } = [];
}
