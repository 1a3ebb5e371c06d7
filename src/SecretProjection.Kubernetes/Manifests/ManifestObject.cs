namespace SecretProjection.Kubernetes.Manifests;

/// <summary>One object read from a manifest, in input order.</summary>
/// <param name="Kind">The kind (<c>Secret</c>, <c>Pod</c>, <c>Deployment</c>, …).</param>
/// <param name="QualifiedName"><c>namespace/name</c>.</param>
/// <param name="Source">The file it came from.</param>
/// <param name="Line">The line where it starts.</param>
/// <param name="Model">
/// The model object (<see cref="Model.Secret"/>, <see cref="Model.Pod"/>, …), or <see langword="null"/> for a kind
/// this library skips. A workload's model is the <see cref="Model.Pod"/> its pod template stands for, named after
/// the workload, in its namespace.
/// </param>
public sealed record ManifestObject(string Kind, string QualifiedName, string Source, int Line, object? Model)
{
    /// <summary>
    /// For a workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController,
    /// PodTemplate), the field path of its pod template (<c>spec.template</c>, <c>spec.jobTemplate.spec.template</c>,
    /// <c>template</c>); <see langword="null"/> for a Pod and every other kind.
    /// </summary>
    public string? PodTemplatePath { get; init; }

    /// <summary>What the API server would warn about in this object (unknown fields, an unknown kind). Default: none.</summary>
    public IReadOnlyList<ManifestWarning> Warnings { get; init; } = [];

    /// <summary>
    /// The field path of the object that a field path of its <see cref="Model.Pod"/> stands for: <c>spec.volumes[0]</c>
    /// of a Deployment's pod is <c>spec.template.spec.volumes[0]</c>. The pod's <c>metadata</c> is the workload's.
    /// </summary>
    /// <param name="podField">A field path of the pod.</param>
    /// <returns>The field path in this object.</returns>
    public string FieldOfPod(string podField)
    {
        ArgumentNullException.ThrowIfNull(podField);
        return PodTemplatePath is { } template && (podField == "spec" || podField.StartsWith("spec.", StringComparison.Ordinal) || podField.StartsWith("spec[", StringComparison.Ordinal))
            ? template + "." + podField
            : podField;
    }
}
