namespace SecretProjection.Model;

/// <summary>The part of a Node the kubelet reads for the Downward API: what it can give its pods.</summary>
public sealed record Node
{
    /// <summary>The object name.</summary>
    public required string Name { get; init; }

    /// <summary><c>status.allocatable</c>: resource name to quantity. An unset container limit reads as this. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Allocatable { get; init; } = ObjectDefaults.NoStrings;
}
