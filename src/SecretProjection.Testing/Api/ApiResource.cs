namespace SecretProjection.Testing.Api;

/// <summary>
/// A resource the simulated API serves: where (group, versions, namespaced or cluster-scoped), under which names
/// (kind, plural, short names, as discovery tells them), and which field labels its field selectors may use
/// beyond <c>metadata.name</c> and <c>metadata.namespace</c> (upstream's <c>AddFieldLabelConversionFuncs</c>).
/// </summary>
internal sealed class ApiResource
{
    public static readonly ApiResource Secrets = new(string.Empty, ["v1"], "Secret", "secrets", namespaced: true, ["type"], [], ApiCodecs.Secrets);

    public static readonly ApiResource ConfigMaps = new(string.Empty, ["v1"], "ConfigMap", "configmaps", namespaced: true, [], ["cm"], ApiCodecs.ConfigMaps);

    public static readonly ApiResource ServiceAccounts = new(string.Empty, ["v1"], "ServiceAccount", "serviceaccounts", namespaced: true, [], ["sa"], null);

    public static readonly ApiResource Pods = new(
        string.Empty,
        ["v1"],
        "Pod",
        "pods",
        namespaced: true,
        ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["po"],
        null);

    public static readonly ApiResource Nodes = new(string.Empty, ["v1"], "Node", "nodes", namespaced: false, ["spec.unschedulable"], ["no"], null);

    /// <summary>certificates.k8s.io ClusterTrustBundles: beta in v1.33 (v1beta1), alpha before (v1alpha1); the same objects at both.</summary>
    public static readonly ApiResource ClusterTrustBundles = new("certificates.k8s.io", ["v1beta1", "v1alpha1"], "ClusterTrustBundle", "clustertrustbundles", namespaced: false, ["spec.signerName"], [], null);

    public static readonly IReadOnlyList<ApiResource> All = [Secrets, ConfigMaps, ServiceAccounts, Pods, Nodes, ClusterTrustBundles];

    private ApiResource(string group, string[] versions, string kind, string plural, bool namespaced, string[] fieldLabels, string[] shortNames, IApiCodec? codec)
    {
        Group = group;
        Versions = versions;
        Kind = kind;
        Plural = plural;
        Namespaced = namespaced;
        FieldLabels = fieldLabels;
        ShortNames = shortNames;
        Codec = codec;
    }

    /// <summary>The API group: empty for the core group.</summary>
    public string Group { get; }

    /// <summary>The versions it is served at, the preferred (storage) version first.</summary>
    public IReadOnlyList<string> Versions { get; }

    public string Kind { get; }

    public string Plural { get; }

    public bool Namespaced { get; }

    public IReadOnlyList<string> FieldLabels { get; }

    public IReadOnlyList<string> ShortNames { get; }

    /// <summary>The model type's conversion, for the kinds the in-memory sources serve as model objects.</summary>
    public IApiCodec? Codec { get; }

    /// <summary>The kind of the list answer: <c>SecretList</c>.</summary>
    public string ListKind => Kind + "List";

    /// <summary>The singular name discovery gives: the kind in lower case.</summary>
    public string Singular => Kind.ToLowerInvariant();

    /// <summary>The apiVersion of an object served at <paramref name="version"/>: <c>v1</c>, <c>certificates.k8s.io/v1beta1</c>.</summary>
    public string ApiVersion(string version) => Group.Length == 0 ? version : Group + "/" + version;

    /// <summary>The path of its collection: <c>/api/v1/namespaces/NS/secrets</c>, <c>/apis/G/V/clustertrustbundles</c>; all namespaces without one.</summary>
    public string CollectionPath(string? @namespace, string? version = null)
    {
        var root = Group.Length == 0 ? "/api/" + (version ?? Versions[0]) : $"/apis/{Group}/{version ?? Versions[0]}";
        return Namespaced && @namespace is not null ? $"{root}/namespaces/{@namespace}/{Plural}" : $"{root}/{Plural}";
    }

    /// <summary>The resource of a kind, by the kind's name: <c>Secret</c>.</summary>
    public static ApiResource? FromKind(string? kind) => All.FirstOrDefault(r => r.Kind == kind);

    /// <summary>The resource of an object's apiVersion and kind, or <see langword="null"/> when it is not served.</summary>
    public static ApiResource? FromApiVersion(string? apiVersion, string? kind) =>
        All.FirstOrDefault(r => r.Kind == kind && r.Versions.Any(v => r.ApiVersion(v) == apiVersion));

    /// <summary>The resource served at a group, version and plural.</summary>
    public static ApiResource? FromPath(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Plural == plural && r.Versions.Contains(version));

    public override string ToString() => Group.Length == 0 ? Plural : Plural + "." + Group;
}
