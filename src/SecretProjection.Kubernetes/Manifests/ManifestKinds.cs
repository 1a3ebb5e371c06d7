using System.Reflection;
using k8s.Models;
using SecretProjection.Kubernetes.Mapping;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// The kinds the reader decodes into the model, each with its mapping: Pod, Secret, ConfigMap and ServiceAccount,
/// the workloads whose pod template counts as a pod named after the workload, and the cluster-scoped Node and
/// ClusterTrustBundle. Other kinds the API server
/// knows are kept as skipped entries; a kind it does not know is a warning, as <c>kubectl</c> reports it.
/// </summary>
internal static class ManifestKinds
{
    // Searched in order: fifteen kinds, where a dictionary keyed by a tuple would be generic code over a value type,
    // compiled at run time in every run of the tool.
    private static readonly KindReader[] Readers =
    [
        new("v1", "Secret", null, SecretDecoding.Read),
        new("v1", "ConfigMap", null, (d, i, ns) => KubernetesModelMapper.ToModel(InNamespace(d.Decode<V1ConfigMap>(i), c => c.Metadata, (c, m) => c.Metadata = m, ns))),
        new("v1", "ServiceAccount", null, (d, i, ns) => KubernetesModelMapper.ToModel(InNamespace(d.Decode<V1ServiceAccount>(i), a => a.Metadata, (a, m) => a.Metadata = m, ns))),
        new("v1", "Pod", null, (d, i, ns) => KubernetesModelMapper.ToModel(InNamespace(d.Decode<V1Pod>(i), p => p.Metadata, (p, m) => p.Metadata = m, ns))),
        Workload<V1Deployment>("apps/v1", "Deployment", "spec.template", w => (w.Metadata, w.Spec?.Template)),
        Workload<V1ReplicaSet>("apps/v1", "ReplicaSet", "spec.template", w => (w.Metadata, w.Spec?.Template)),
        Workload<V1StatefulSet>("apps/v1", "StatefulSet", "spec.template", w => (w.Metadata, w.Spec?.Template)),
        Workload<V1DaemonSet>("apps/v1", "DaemonSet", "spec.template", w => (w.Metadata, w.Spec?.Template)),
        Workload<V1Job>("batch/v1", "Job", "spec.template", w => (w.Metadata, w.Spec?.Template)),
        Workload<V1CronJob>("batch/v1", "CronJob", "spec.jobTemplate.spec.template", w => (w.Metadata, w.Spec?.JobTemplate?.Spec?.Template)),
        Workload<V1ReplicationController>("v1", "ReplicationController", "spec.template", w => (w.Metadata, w.Spec?.Template)),
        Workload<V1PodTemplate>("v1", "PodTemplate", "template", w => (w.Metadata, w.Template)),

        // Cluster-scoped: what a plan reads of the cluster (a node's allocatable, the trust bundles); no namespace.
        new("v1", "Node", null, (d, i, _) => KubernetesModelMapper.ToModel(d.Decode<V1Node>(i))) { ClusterScoped = true },
        new("certificates.k8s.io/v1beta1", "ClusterTrustBundle", null, (d, i, _) => KubernetesModelMapper.ToModel(d.Decode<V1beta1ClusterTrustBundle>(i))) { ClusterScoped = true },
        new("certificates.k8s.io/v1", "ClusterTrustBundle", null, (d, i, _) => KubernetesModelMapper.ToModel(d.Decode<V1ClusterTrustBundle>(i))) { ClusterScoped = true },
    ];

    private static readonly Lazy<HashSet<(string ApiVersion, string Kind)>> Known = new(() =>
        typeof(V1Pod).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<KubernetesEntityAttribute>())
            .OfType<KubernetesEntityAttribute>()
            .Select(a => (string.IsNullOrEmpty(a.Group) ? a.ApiVersion : a.Group + "/" + a.ApiVersion, a.Kind))
            .ToHashSet());

    /// <summary>The mapping of a kind the reader decodes, or null.</summary>
    public static KindReader? Find(string apiVersion, string kind)
    {
        foreach (var reader in Readers)
        {
            if (reader.Kind == kind && reader.ApiVersion == apiVersion)
            {
                return reader;
            }
        }

        return null;
    }

    /// <summary>Whether the API server serves this kind (of KubernetesClient's version of it).</summary>
    public static bool IsKnown(string apiVersion, string kind) => Known.Value.Contains((apiVersion, kind));

    private static KindReader Workload<T>(string apiVersion, string kind, string templatePath, Func<T, (V1ObjectMeta? Metadata, V1PodTemplateSpec? Template)> template)
        where T : class, new() =>
        new(apiVersion, kind, templatePath, (d, i, ns) =>
        {
            var (metadata, spec) = template(d.Decode<T>(i));
            return KubernetesModelMapper.ToModel(WithNamespace(metadata, ns), spec);
        });

    private static T InNamespace<T>(T item, Func<T, V1ObjectMeta?> metadata, Action<T, V1ObjectMeta> set, string ns)
    {
        set(item, WithNamespace(metadata(item), ns));
        return item;
    }

    private static V1ObjectMeta WithNamespace(V1ObjectMeta? metadata, string ns)
    {
        metadata ??= new V1ObjectMeta();
        metadata.NamespaceProperty = ns;
        return metadata;
    }
}

/// <summary>How one kind is read: the path of its pod template (for a workload), and its mapping to the model.</summary>
/// <param name="ApiVersion">The API version.</param>
/// <param name="Kind">The kind; one string shared by every object of the kind.</param>
/// <param name="PodTemplatePath">The field path of the workload's pod template, or null.</param>
/// <param name="Read">Decodes the object at an index, in a namespace, into the model.</param>
internal sealed record KindReader(string ApiVersion, string Kind, string? PodTemplatePath, Func<ObjectDecoder, int, string, object> Read)
{
    /// <summary>Whether the kind has no namespace: its name alone names it, and <c>-n</c> does not apply.</summary>
    public bool ClusterScoped { get; init; }
}
