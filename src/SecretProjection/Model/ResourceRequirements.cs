namespace SecretProjection.Model;

/// <summary>A container's <c>resources</c>: resource name to quantity (<c>cpu</c> → <c>500m</c>, <c>memory</c> → <c>1Gi</c>, …).</summary>
public sealed record ResourceRequirements
{
    /// <summary>Nothing requested, nothing limited.</summary>
    public static ResourceRequirements None { get; } = new();

    /// <summary>The limits. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Limits { get; init; } = ObjectDefaults.NoStrings;

    /// <summary>The requests. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Requests { get; init; } = ObjectDefaults.NoStrings;
}
