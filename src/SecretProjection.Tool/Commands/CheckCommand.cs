using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SecretProjection.Credentials;
using SecretProjection.Environment;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Sources;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Input;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>check</c>: will these pods and workloads start with these Secrets? For each one, every container's environment
/// (init, regular, ephemeral), every volume and mount, and the pull secrets, resolved by the same code as <c>env</c>,
/// <c>plan</c> and <c>pull-auth</c>, against the input's Secrets, ConfigMaps and ServiceAccounts, or with
/// <c>--cluster</c> against the live cluster's (each read by name, never listed).
/// </summary>
internal static class CheckCommand
{
    /// <summary>The reason of a subPath mount of a volume that changes: the kubelet says nothing, the container never sees the change.</summary>
    public const string SubPathNotUpdated = "SubPathNotUpdated";

    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var envNames = CommonOptions.CreateEnvNamesOption();
        var cluster = new ClusterOptions();
        var useCluster = new Option<bool>("--cluster")
        {
            Description = "Look the references up in the live cluster instead of the input: each Secret, ConfigMap and ServiceAccount a pod names is read by name (get, never list), as kubectl finds the cluster (--kubeconfig, $KUBECONFIG, ~/.kube/config, in-cluster).",
        };
        var command = new Command("check", VerbHelp.Check);
        common.AddTo(command);
        command.Options.Add(envNames);
        command.Options.Add(useCluster);
        cluster.AddTo(command);
        command.Validators.Add(result =>
        {
            if (!result.GetValue(useCluster) && (result.GetResult(cluster.Kubeconfig) is not null || result.GetResult(cluster.Context) is not null))
            {
                result.AddError("--kubeconfig and --context apply to --cluster only");
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Input.Read(result);
            var options = new EnvResolverOptions { EnvVarNames = result.GetValue(envNames) ?? EnvVarNameMode.Relaxed };
            var format = common.Format(result);
            if (!result.GetValue(useCluster))
            {
                return Task.FromResult(Run(context, format, new ManifestInput(settings, context), null, (input, ns, name) => input.ServiceAccountOf(ns, name), options));
            }

            var clusterSettings = cluster.Read(result);
            using var sources = ClusterOptions.Open(() => KubernetesSources.FromDefaultConfig(clusterSettings.Kubeconfig, clusterSettings.Context), clusterSettings);

            // As kubectl: objects that name no namespace are in -n, else the context's namespace.
            var live = new ClusterObjects(sources, cancellationToken);
            return Task.FromResult(Run(context, format, new ManifestInput(settings with { Namespace = settings.Namespace ?? sources.Namespace }, context), live, (_, ns, name) => ServiceAccountOf(live, ns, name), options));
        });
        return command;
    }

    private static ServiceAccount? ServiceAccountOf(ClusterObjects live, string @namespace, string name) =>
        live.GetServiceAccount(@namespace, name) is { Status: LookupStatus.Found, Value: { } account } ? account : null;

    private static int Run(ToolContext context, OutputFormat format, ManifestInput manifests, ClusterObjects? live, Func<LoadedInput, string, string, ServiceAccount?> serviceAccountOf, EnvResolverOptions options)
    {
        // Each pod is checked as soon as the input holds what it names, and dropped then: memory holds the pods not
        // yet checked and a result per workload (for the table, its row), not every pod.
        var checks = new WorkloadChecks(manifests, live, serviceAccountOf, options);
        var input = LoadedInput.Load(manifests, read: checks.Read);
        if (input.Workloads.Count == 0)
        {
            throw new InputException($"no pod or workload in {input.Settings.Describe()}: check reads Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers and PodTemplates");
        }

        var summary = new Summary();
        var results = checks.Results(input).Select(result =>
        {
            summary.Add(result.Problems);
            return result;
        });
        if (format == OutputFormat.Table)
        {
            WriteText(context.Text, results, summary);
        }
        else
        {
            WriteJson(context.Output, format, results, summary);
        }

        return summary.CannotStart > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Every problem of one pod or workload, in the order the kubelet meets them: environments, volumes and mounts, pulls.</summary>
    internal static List<CheckProblem> Check(ManifestObject item, IObjectLookup lookup, ServiceAccount? serviceAccount, EnvResolverOptions options)
    {
        var pod = (Pod)item.Model!;
        var problems = new List<CheckProblem>();
        foreach (var container in EnvResolver.ResolvePod(pod, lookup, options))
        {
            if (container.Error is { } error)
            {
                problems.Add(new(CheckProblem.Error, error.Reason, container.ContainerName, null, error.Message, EventOrigin.Kubelet, item.FieldOfPod(error.Field)));
            }

            foreach (var e in container.Events.Where(e => e.Reason != EnvEventReasons.Failed).Distinct())
            {
                var from = EventOrigin.Of(e.Reason);
                problems.Add(new(from == EventOrigin.Kubelet ? CheckProblem.Warning : null, e.Reason, container.ContainerName, null, e.Message, from, null));
            }
        }

        var plan = PodPlanner.Plan(pod, lookup);
        foreach (var volume in plan.Volumes.Where(v => !v.Succeeded))
        {
            problems.Add(VolumeProblem(item, volume));
        }

        var volumes = plan.Volumes.ToDictionary(v => v.Name, StringComparer.Ordinal);
        foreach (var mount in plan.Mounts.Where(m => !m.ReceivesUpdates && volumes[m.Volume].Succeeded))
        {
            // The first warning of a subPath mount is that it never sees updates; it matters when the volume changes.
            var warnings = volumes[mount.Volume].NeverChanges ? mount.Warnings.Skip(1).ToArray() : [.. mount.Warnings];
            if (warnings.Length > 0)
            {
                problems.Add(new(CheckProblem.Warning, SubPathNotUpdated, mount.Container, mount.Volume, $"{mount.MountPath} (subPath {mount.SubPath}): {string.Join("; ", warnings)}", EventOrigin.Tool, null));
            }
        }

        var pulls = PullAuthResolver.Resolve(pod, lookup, serviceAccount);
        foreach (var e in pulls.Events)
        {
            problems.Add(new(e.Type == "Warning" ? CheckProblem.Warning : null, e.Reason, null, null, e.Message, EventOrigin.Of(e.Reason), null));
        }

        foreach (var image in pulls.Images.Where(i => i.Error is not null))
        {
            problems.Add(new(CheckProblem.Error, image.Error!.Reason, image.Container, null, image.Error.Message, EventOrigin.Of(image.Error.Reason), null));
        }

        return problems;
    }

    /// <summary>
    /// A volume that cannot be set up: an error when the kubelet (FailedMount) or the API server (Invalid) would refuse
    /// it, a note when only a cluster could set it up (NeedsCluster: the kubelet would, this tool cannot tell).
    /// </summary>
    private static CheckProblem VolumeProblem(ManifestObject item, VolumePlan volume)
    {
        var blocking = volume.Errors.Where(e => e.Reason != PlanError.NeedsClusterReason).ToArray();
        var errors = blocking.Length > 0 ? blocking : [.. volume.Errors];
        var failure = Failure.Of(errors)!;
        var field = errors[0].Field is { } f ? item.FieldOfPod(f) : null;
        return new(blocking.Length > 0 ? CheckProblem.Error : null, failure.Reason, null, volume.Name, failure.Message, EventOrigin.Of(failure.Reason), field);
    }

    private static void WriteJson(TextWriter output, OutputFormat format, IEnumerable<(ManifestObject Item, List<CheckProblem> Problems)> results, Summary summary) => JsonOutput.WriteStreamed(
        output,
        format,
        "workloads",
        results.Select(result => (Action<Utf8JsonWriter>)(json =>
        {
            var (item, problems) = result;
            json.WriteStartObject();
            json.WriteString("kind", item.Kind);
            json.WriteString("name", item.QualifiedName);
            json.WriteString("source", item.Source + ":" + item.Line.ToString(CultureInfo.InvariantCulture));
            WriteProblems(json, "problems", problems.Where(p => !p.IsNote));
            WriteProblems(json, "notes", problems.Where(p => p.IsNote));
            json.WriteEndObject();
        })),
        json =>
        {
            json.WriteStartObject("summary");
            json.WriteNumber("workloads", summary.Workloads);
            json.WriteNumber("cannotStart", summary.CannotStart);
            json.WriteNumber("errors", summary.Errors);
            json.WriteNumber("warnings", summary.Warnings);
            json.WriteEndObject();
        });

    private static void WriteProblems(Utf8JsonWriter json, string name, IEnumerable<CheckProblem> problems)
    {
        json.WriteStartArray(name);
        foreach (var p in problems)
        {
            json.WriteStartObject();
            if (!p.IsNote)
            {
                json.WriteString("severity", p.Severity);
            }

            json.WriteString("reason", p.Reason);
            json.WriteString("container", p.Container);
            json.WriteString("volume", p.Volume);
            json.WriteString("message", p.Message);
            json.WriteString("from", p.From);
            json.WriteString("field", p.Field);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// The summary table needs every row for its widths: a row of three strings is kept per workload, and the
    /// table of each one with problems as the text it prints as (each has widths of its own).
    /// </summary>
    private static void WriteText(TextWriter output, IEnumerable<(ManifestObject Item, List<CheckProblem> Problems)> results, Summary summary)
    {
        var table = new TextTable("KIND", "NAME", "RESULT");
        var details = new List<string>();
        foreach (var (item, problems) in results)
        {
            table.Add(item.Kind, item.QualifiedName, Result(problems));
            if (problems.Count > 0)
            {
                details.Add(Details(item, problems, output.NewLine));
            }
        }

        table.WriteTo(output);
        foreach (var text in details)
        {
            output.WriteLine();
            PrintableWriter.Unescaped(output).Write(text);
        }

        output.WriteLine();
        output.WriteLine(summary.CannotStart == 0
            ? $"{Plural(summary.Workloads, "pod or workload", "pods and workloads")} checked: all can start."
            : $"{Plural(summary.Workloads, "pod or workload", "pods and workloads")} checked: {summary.CannotStart} cannot start.");
        if (summary.Notes)
        {
            output.WriteLine("Notes are not problems: what only a cluster can tell, and events this tool reports that a kubelet does not (FROM secretprojection).");
        }
    }

    /// <summary>A workload's problems as printed: its kind, name and source, then a table of its problems.</summary>
    private static string Details(ManifestObject item, List<CheckProblem> problems, string newLine)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = newLine };
        var output = new PrintableWriter(text) { NewLine = newLine };
        output.WriteLine($"{item.Kind} {item.QualifiedName} ({item.Source}:{item.Line.ToString(CultureInfo.InvariantCulture)})");
        var table = new TextTable("SEVERITY", "REASON", "CONTAINER", "VOLUME", "FROM", "MESSAGE");
        foreach (var p in problems)
        {
            table.Add(p.Severity ?? "note", p.Reason, p.Container ?? "-", p.Volume ?? "-", p.From, p.Message);
        }

        table.WriteTo(output);
        return text.ToString();
    }

    private static string Result(List<CheckProblem> problems)
    {
        var errors = problems.Count(p => p.Severity == CheckProblem.Error);
        var warnings = problems.Count(p => p.Severity == CheckProblem.Warning);
        var counts = string.Join(", ", new[] { (errors, "error"), (warnings, "warning") }.Where(c => c.Item1 > 0).Select(c => Plural(c.Item1, c.Item2, c.Item2 + "s")));
        return errors > 0 ? $"cannot start: {counts}" : warnings > 0 ? $"ok, {counts}" : "ok";
    }

    private static string Plural(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    /// <summary>What the summary says, counted as the workloads are checked.</summary>
    private sealed class Summary
    {
        public int Workloads { get; private set; }

        public int CannotStart { get; private set; }

        public int Errors { get; private set; }

        public int Warnings { get; private set; }

        public bool Notes { get; private set; }

        public void Add(List<CheckProblem> problems)
        {
            var errors = problems.Count(p => p.Severity == CheckProblem.Error);
            Workloads++;
            CannotStart += errors > 0 ? 1 : 0;
            Errors += errors;
            Warnings += problems.Count(p => p.Severity == CheckProblem.Warning);
            Notes |= problems.Any(p => p.IsNote);
        }
    }
}
