namespace SecretProjection.Model;

/// <summary>The part of a Pod that decides how it consumes Secrets.</summary>
public sealed record Pod
{
    /// <summary>The object name.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace; the pod's Secrets are looked up in it. Default: <c>default</c>.</summary>
    public string Namespace { get; init; } = ObjectDefaults.Namespace;

    /// <summary>The object's uid, when known.</summary>
    public string? Uid { get; init; }

    /// <summary>The object's resourceVersion, when read from an API server.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary><c>status.phase</c> (<c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c>, <c>Unknown</c>), when known.</summary>
    public string? Phase { get; init; }

    /// <summary>The regular containers. Default: none.</summary>
    public IReadOnlyList<Container> Containers { get; init; } = [];

    /// <summary>The init containers. Default: none.</summary>
    public IReadOnlyList<Container> InitContainers { get; init; } = [];

    /// <summary>The ephemeral (debug) containers. Default: none.</summary>
    public IReadOnlyList<Container> EphemeralContainers { get; init; } = [];

    /// <summary>The volumes. Default: none.</summary>
    public IReadOnlyList<Volume> Volumes { get; init; } = [];

    /// <summary>The pod-level security context. Default: nothing set.</summary>
    public PodSecurityContext SecurityContext { get; init; } = PodSecurityContext.None;

    /// <summary>The names of the pull secrets listed in the pod (<c>spec.imagePullSecrets</c>). Default: none.</summary>
    public IReadOnlyList<string> ImagePullSecrets { get; init; } = [];

    /// <summary>The ServiceAccount the pod runs as. Default: <c>default</c>.</summary>
    public string ServiceAccountName { get; init; } = "default";

    /// <summary>The labels. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = ObjectDefaults.NoLabels;

    /// <summary>The annotations. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = ObjectDefaults.NoLabels;

    /// <summary><c>spec.nodeName</c>: the node the pod is bound to. Default: empty, not yet scheduled.</summary>
    public string NodeName { get; init; } = string.Empty;

    /// <summary><c>spec.terminationGracePeriodSeconds</c>, when set (the API server defaults it to 30).</summary>
    public long? TerminationGracePeriodSeconds { get; init; }

    /// <summary>The addresses from the pod's <c>status</c>. Default: none known.</summary>
    public PodStatus Status { get; init; } = PodStatus.None;

    /// <summary>Whether the pod has ended: its phase is <c>Succeeded</c> or <c>Failed</c>, and its containers will not run again.</summary>
    public bool IsTerminal => Phase is "Succeeded" or "Failed";

    /// <summary><c>namespace/name</c>.</summary>
    public string QualifiedName => Namespace + "/" + Name;

    /// <summary>
    /// Every container with its kind, in the order the kubelet starts them: init, regular, then ephemeral.
    /// </summary>
    /// <returns>The containers and their kinds.</returns>
    public IEnumerable<(Container Container, ContainerKind Kind)> AllContainers()
    {
        foreach (var c in InitContainers)
        {
            yield return (c, ContainerKind.Init);
        }

        foreach (var c in Containers)
        {
            yield return (c, ContainerKind.Regular);
        }

        foreach (var c in EphemeralContainers)
        {
            yield return (c, ContainerKind.Ephemeral);
        }
    }

    /// <summary>The volume with a name, or <see langword="null"/>.</summary>
    /// <param name="name">The volume name.</param>
    /// <returns>The volume.</returns>
    public Volume? FindVolume(string name) => Volumes.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));
}
