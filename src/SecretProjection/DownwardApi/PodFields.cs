using System.Globalization;
using SecretProjection.Model;

namespace SecretProjection.DownwardApi;

/// <summary>
/// The kubelet's <c>podFieldSelectorRuntimeValue</c> (<c>pkg/kubelet/kubelet_pods.go</c>) and the labels it
/// accepts (<c>ConvertDownwardAPIFieldLabel</c>): the value of an environment variable's <c>fieldRef</c>.
/// </summary>
/// <remarks>
/// The kubelet reads the pod's addresses from its sandbox and the host's from its node; here both come from the
/// pod's <c>status</c>. Pod IPs are as the kubelet orders them: at most one per family, the node's primary family
/// first; without any, they are empty, as the kubelet's are. A host address the status does not hold, and the node
/// of a pod not bound to one, are known only on a node.
/// </remarks>
internal static class PodFields
{
    /// <summary>The field paths an environment variable may name, besides the subscripted labels and annotations.</summary>
    public static readonly IReadOnlyList<string> Supported =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "spec.terminationGracePeriodSeconds",
    ];

    /// <summary>The grace period the API server gives a pod that names none: 30 seconds.</summary>
    public const long DefaultTerminationGracePeriodSeconds = 30;

    /// <summary>The value of a <c>fieldRef</c> for a pod.</summary>
    /// <param name="selector">The selector.</param>
    /// <param name="pod">The pod.</param>
    /// <param name="nodePrefersIPv6">Whether the node's primary address is IPv6 (the kubelet's first <c>--node-ip</c>); the default is IPv4.</param>
    /// <returns>The value, the kubelet's error, or the field only a node knows.</returns>
    public static DownwardValue Value(ObjectFieldSelector selector, Pod pod, bool nodePrefersIPv6 = false)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(pod);
        if (Convert(selector.ApiVersion, selector.FieldPath) is { } error)
        {
            return DownwardValue.Failed(error);
        }

        var podIPs = SortPodIPs(PodIPs(pod.Status), nodePrefersIPv6);
        var hostIPs = HostIPs(pod.Status);
        return selector.FieldPath switch
        {
            // A pod the kubelet runs is bound to it; an unbound pod's node is not known yet.
            "spec.nodeName" or "spec.host" => pod.NodeName.Length > 0 ? DownwardValue.Of(pod.NodeName) : DownwardValue.KnownOnNode("spec.nodeName"),
            "spec.serviceAccountName" => DownwardValue.Of(pod.ServiceAccountName),
            "status.hostIP" => hostIPs.Count > 0 ? DownwardValue.Of(hostIPs[0]) : DownwardValue.KnownOnNode(selector.FieldPath),
            "status.hostIPs" => hostIPs.Count > 0 ? DownwardValue.Of(string.Join(',', hostIPs)) : DownwardValue.KnownOnNode(selector.FieldPath),
            "status.podIP" => DownwardValue.Of(podIPs.Count > 0 ? podIPs[0] : pod.Status.PodIP ?? string.Empty),
            "status.podIPs" => DownwardValue.Of(string.Join(',', podIPs)),
            "spec.terminationGracePeriodSeconds" => DownwardValue.Of(
                (pod.TerminationGracePeriodSeconds ?? DefaultTerminationGracePeriodSeconds).ToString(CultureInfo.InvariantCulture)),
            _ => FieldPaths.Extract(ObjectMetadata.Of(pod), selector.FieldPath),
        };
    }

    /// <summary>
    /// <c>ConvertDownwardAPIFieldLabel</c>: only <c>v1</c>, only the supported paths, subscripts only on labels and
    /// annotations.
    /// </summary>
    /// <param name="apiVersion">The selector's API version.</param>
    /// <param name="fieldPath">The field path.</param>
    /// <returns>The kubelet's error, or <see langword="null"/>.</returns>
    public static string? Convert(string apiVersion, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        if (apiVersion != "v1")
        {
            return "unsupported pod version: " + apiVersion;
        }

        if (FieldPaths.SplitMaybeSubscripted(fieldPath) is var (path, _))
        {
            return path is "metadata.annotations" or "metadata.labels" ? null : "field label does not support subscript: " + fieldPath;
        }

        return Supported.Contains(fieldPath) || fieldPath == "spec.host" ? null : "field label not supported: " + fieldPath;
    }

    /// <summary>
    /// The kubelet's <c>sortPodIPs</c>: the first address of the node's primary family, then the first of the
    /// other; addresses that do not parse are dropped.
    /// </summary>
    /// <param name="podIPs">The pod's addresses, in order.</param>
    /// <param name="nodePrefersIPv6">Whether the node's primary family is IPv6.</param>
    /// <returns>At most two addresses.</returns>
    public static IReadOnlyList<string> SortPodIPs(IReadOnlyList<string> podIPs, bool nodePrefersIPv6)
    {
        ArgumentNullException.ThrowIfNull(podIPs);
        Func<string, bool> primary = nodePrefersIPv6 ? GoIP.IsIPv6 : GoIP.IsIPv4;
        Func<string, bool> secondary = nodePrefersIPv6 ? GoIP.IsIPv4 : GoIP.IsIPv6;
        var sorted = new List<string>(2);
        if (podIPs.FirstOrDefault(primary) is { } first)
        {
            sorted.Add(first);
        }

        if (podIPs.FirstOrDefault(secondary) is { } second)
        {
            sorted.Add(second);
        }

        return sorted;
    }

    // The runtime reports every address; the status has podIPs, or only podIP from an older writer.
    private static IReadOnlyList<string> PodIPs(PodStatus status) =>
        status.PodIPs.Count > 0 ? status.PodIPs : status.PodIP is { Length: > 0 } ip ? [ip] : [];

    private static IReadOnlyList<string> HostIPs(PodStatus status) =>
        status.HostIPs.Count > 0 ? status.HostIPs : status.HostIP is { Length: > 0 } ip ? [ip] : [];
}
