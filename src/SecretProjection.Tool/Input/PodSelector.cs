using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Input;

/// <summary>
/// <c>--pod NAME</c> or <c>--pod KIND/NAME</c>: the pod or workload a verb works on when the input holds several.
/// KIND is written as kubectl takes it: the kind, its plural or short name, any case, with or without its group
/// (<c>deployment/web</c>, <c>deploy/web</c>, <c>deployments.apps/web</c>, <c>Deployment/web</c>).
/// </summary>
internal sealed record PodSelector(string? Kind, string Name)
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pod"] = "Pod", ["pods"] = "Pod", ["po"] = "Pod",
        ["deployment"] = "Deployment", ["deployments"] = "Deployment", ["deploy"] = "Deployment",
        ["replicaset"] = "ReplicaSet", ["replicasets"] = "ReplicaSet", ["rs"] = "ReplicaSet",
        ["statefulset"] = "StatefulSet", ["statefulsets"] = "StatefulSet", ["sts"] = "StatefulSet",
        ["daemonset"] = "DaemonSet", ["daemonsets"] = "DaemonSet", ["ds"] = "DaemonSet",
        ["job"] = "Job", ["jobs"] = "Job",
        ["cronjob"] = "CronJob", ["cronjobs"] = "CronJob", ["cj"] = "CronJob",
        ["replicationcontroller"] = "ReplicationController", ["replicationcontrollers"] = "ReplicationController", ["rc"] = "ReplicationController",
        ["podtemplate"] = "PodTemplate", ["podtemplates"] = "PodTemplate",
    };

    private static readonly string[] Groups = [".apps", ".batch"];

    /// <summary>Reads the option's value; null when it was not given.</summary>
    /// <exception cref="InputException">KIND is not a pod or workload kind.</exception>
    public static PodSelector? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new PodSelector(null, text);
        }

        var kind = text[..slash];
        foreach (var group in Groups)
        {
            kind = kind.EndsWith(group, StringComparison.OrdinalIgnoreCase) ? kind[..^group.Length] : kind;
        }

        return Kinds.TryGetValue(kind, out var canonical)
            ? new PodSelector(canonical, text[(slash + 1)..])
            : throw new InputException($"--pod {text}: \"{text[..slash]}\" is not a pod or workload kind (pod, deployment, replicaset, statefulset, daemonset, job, cronjob, replicationcontroller, podtemplate)");
    }

    public bool Matches(ManifestObject item) =>
        (Kind is null || Kind == item.Kind) && item.QualifiedName.AsSpan(item.QualifiedName.IndexOf('/', StringComparison.Ordinal) + 1).SequenceEqual(Name);

    public override string ToString() => Kind is null ? Name : Kind + "/" + Name;

    /// <summary>How a pod or workload is named in messages: <c>Deployment/web (shop)</c>.</summary>
    public static string Describe(ManifestObject item)
    {
        var slash = item.QualifiedName.IndexOf('/', StringComparison.Ordinal);
        return $"{item.Kind}/{item.QualifiedName[(slash + 1)..]} ({item.QualifiedName[..slash]})";
    }
}
