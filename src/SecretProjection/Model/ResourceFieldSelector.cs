namespace SecretProjection.Model;

/// <summary><c>resourceFieldRef</c>: a container's resource request or limit, divided by a divisor and rounded up.</summary>
public sealed record ResourceFieldSelector
{
    /// <summary>The resource: <c>limits.cpu</c>, <c>requests.memory</c>, <c>limits.ephemeral-storage</c>, <c>requests.hugepages-2Mi</c>, ….</summary>
    public required string Resource { get; init; }

    /// <summary>The container whose resources are read; for an environment variable, empty means its own container. Default: empty.</summary>
    public string ContainerName { get; init; } = string.Empty;

    /// <summary>The divisor, a resource quantity (<c>1m</c>, <c>1Mi</c>, …). Default: <see langword="null"/>, which means 1.</summary>
    public string? Divisor { get; init; }
}
