using System.Text.Json;
using k8s;
using k8s.Models;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Mapping;

/// <summary>The Downward API, token and trust-bundle sources, resources and status, and the objects they read.</summary>
public static partial class KubernetesModelMapper
{
    /// <summary>Maps a Node: its name and allocatable resources.</summary>
    /// <param name="node">The client object.</param>
    /// <returns>The model.</returns>
    public static Node ToModel(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new Node { Name = node.Metadata?.Name ?? string.Empty, Allocatable = QuantitiesOf(node.Status?.Allocatable) };
    }

    /// <summary>Maps a ClusterTrustBundle (<c>certificates.k8s.io/v1beta1</c>).</summary>
    /// <param name="bundle">The client object.</param>
    /// <returns>The model.</returns>
    public static ClusterTrustBundle ToModel(V1beta1ClusterTrustBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return TrustBundle(bundle.Metadata, bundle.Spec?.SignerName, bundle.Spec?.TrustBundle);
    }

    /// <summary>Maps a ClusterTrustBundle (<c>certificates.k8s.io/v1</c>).</summary>
    /// <param name="bundle">The client object.</param>
    /// <returns>The model.</returns>
    public static ClusterTrustBundle ToModel(V1ClusterTrustBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return TrustBundle(bundle.Metadata, bundle.Spec?.SignerName, bundle.Spec?.TrustBundle);
    }

    private static ClusterTrustBundle TrustBundle(V1ObjectMeta? metadata, string? signerName, string? pem) => new()
    {
        Name = metadata?.Name ?? string.Empty,
        SignerName = signerName ?? string.Empty,
        Labels = ReadOnly(metadata?.Labels),
        TrustBundle = pem ?? string.Empty,
    };

    private static PodStatus StatusOf(V1PodStatus? status) => status is null
        ? PodStatus.None
        : new PodStatus
        {
            PodIP = status.PodIP,
            PodIPs = status.PodIPs?.Select(ip => ip.Ip ?? string.Empty).ToArray() ?? [],
            HostIP = status.HostIP,
            HostIPs = status.HostIPs?.Select(ip => ip.Ip ?? string.Empty).ToArray() ?? [],
        };

    private static ResourceRequirements ResourcesOf(V1ResourceRequirements? resources) => resources is null
        ? ResourceRequirements.None
        : new ResourceRequirements { Limits = QuantitiesOf(resources.Limits), Requests = QuantitiesOf(resources.Requests) };

    private static ContainerSecurityContext SecurityOf(V1SecurityContext? context) =>
        context?.RunAsUser is { } user ? new ContainerSecurityContext { RunAsUser = user } : ContainerSecurityContext.None;

    private static IReadOnlyDictionary<string, string> QuantitiesOf(IDictionary<string, ResourceQuantity>? quantities) =>
        (quantities ?? new Dictionary<string, ResourceQuantity>())
            .ToDictionary(e => e.Key, e => e.Value?.ToString() ?? "0", StringComparer.Ordinal)
            .AsReadOnly();

    private static ResourceFieldSelector ResourceFieldOf(V1ResourceFieldSelector selector) => new()
    {
        Resource = selector.Resource ?? string.Empty,
        ContainerName = selector.ContainerName ?? string.Empty,
        Divisor = selector.Divisor?.ToString(),
    };

    private static DownwardApiVolumeSource DownwardApiOf(IList<V1DownwardAPIVolumeFile>? items, int? defaultMode) => new()
    {
        DefaultMode = defaultMode,
        Items = items?.Select(i => new DownwardApiVolumeFile
        {
            Path = i.Path ?? string.Empty,
            Mode = i.Mode,
            FieldRef = i.FieldRef is { } f ? new ObjectFieldSelector { FieldPath = f.FieldPath ?? string.Empty, ApiVersion = string.IsNullOrEmpty(f.ApiVersion) ? "v1" : f.ApiVersion } : null,
            ResourceFieldRef = i.ResourceFieldRef is { } r ? ResourceFieldOf(r) : null,
        }).ToArray() ?? [],
    };

    private static ServiceAccountTokenProjection TokenOf(V1ServiceAccountTokenProjection token) => new()
    {
        Path = token.Path ?? string.Empty,
        Audience = token.Audience ?? string.Empty,
        ExpirationSeconds = token.ExpirationSeconds ?? ServiceAccountTokenProjection.DefaultExpirationSeconds,
    };

    private static ClusterTrustBundleProjection TrustBundleOf(V1ClusterTrustBundleProjection bundle) => new()
    {
        Path = bundle.Path ?? string.Empty,
        Name = bundle.Name,
        SignerName = bundle.SignerName,
        Optional = bundle.Optional ?? false,
        LabelSelector = bundle.LabelSelector is { } selector
            ? new LabelSelector
            {
                MatchLabels = ReadOnly(selector.MatchLabels),
                MatchExpressions = selector.MatchExpressions?.Select(e => new LabelSelectorRequirement
                {
                    Key = e.Key ?? string.Empty,
                    Operator = e.OperatorProperty ?? string.Empty,
                    Values = e.Values?.ToArray() ?? [],
                }).ToArray() ?? [],
            }
            : null,
    };

    // A source kind the client knows and this library does not (podCertificate, …): its JSON name.
    private static string? OtherSourceOf(V1VolumeProjection source)
    {
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(source));
        return json.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault();
    }
}
