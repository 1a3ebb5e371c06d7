namespace SecretProjection.TestSupport;

/// <summary>A pod spec as the pod template of each workload kind, for the tests of workloads in the reader and in every verb.</summary>
internal static class WorkloadManifests
{
    /// <summary>Each workload kind: its apiVersion, its kind and the field path of its pod template.</summary>
    public static TheoryData<string, string, string> Kinds => new()
    {
        { "apps/v1", "Deployment", "spec.template" },
        { "apps/v1", "ReplicaSet", "spec.template" },
        { "apps/v1", "StatefulSet", "spec.template" },
        { "apps/v1", "DaemonSet", "spec.template" },
        { "batch/v1", "Job", "spec.template" },
        { "batch/v1", "CronJob", "spec.jobTemplate.spec.template" },
        { "v1", "ReplicationController", "spec.template" },
        { "v1", "PodTemplate", "template" },
    };

    /// <summary>A workload of this kind whose pod template holds <paramref name="spec"/> (a pod's <c>spec</c>, not indented).</summary>
    public static string Workload(string apiVersion, string kind, string spec, string name = "web", string ns = "shop")
    {
        var template = "metadata:\n  labels: {app: web}\nspec:\n" + Indent(spec, 2);
        var body = kind switch
        {
            "PodTemplate" => "template:\n" + Indent(template, 2),
            "CronJob" => "spec:\n  schedule: '0 * * * *'\n  jobTemplate:\n    spec:\n      template:\n" + Indent(template, 8),
            "ReplicationController" => "spec:\n  selector: {app: web}\n  template:\n" + Indent(template, 4),
            _ => "spec:\n  selector: {matchLabels: {app: web}}\n  template:\n" + Indent(template, 4),
        };
        return $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: {ns}\n{body}";
    }

    /// <summary>A workload of this kind made of a Pod manifest whose <c>spec:</c> block ends it: same name, namespace and spec.</summary>
    public static string FromPod(string pod, string apiVersion, string kind)
    {
        var spec = pod[(pod.IndexOf("\nspec:\n", StringComparison.Ordinal) + "\nspec:\n".Length)..];
        return Workload(apiVersion, kind, string.Concat(spec.Split('\n').Where(l => l.Trim().Length > 0).Select(l => l[2..] + "\n")));
    }

    private static string Indent(string text, int spaces) =>
        string.Concat(text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => new string(' ', spaces) + l + "\n"));
}
