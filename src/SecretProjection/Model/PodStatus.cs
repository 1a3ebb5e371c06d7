namespace SecretProjection.Model;

/// <summary>The part of a pod's <c>status</c> the Downward API reads: its addresses and its node's.</summary>
public sealed record PodStatus
{
    /// <summary>No status known.</summary>
    public static PodStatus None { get; } = new();

    /// <summary><c>status.podIP</c>, when set.</summary>
    public string? PodIP { get; init; }

    /// <summary><c>status.podIPs</c>, in order. Default: none.</summary>
    public IReadOnlyList<string> PodIPs { get; init; } = [];

    /// <summary><c>status.hostIP</c>, when set.</summary>
    public string? HostIP { get; init; }

    /// <summary><c>status.hostIPs</c>, in order. Default: none.</summary>
    public IReadOnlyList<string> HostIPs { get; init; } = [];
}
