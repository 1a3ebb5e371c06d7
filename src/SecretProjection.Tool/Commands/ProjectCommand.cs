using System.CommandLine;
using System.Runtime.Versioning;
using SecretProjection.Projection;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Input;
using SecretProjection.Writing;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>project --root DIR [--tmpfs]</c>: writes each secret, configMap and projected volume of the pod into
/// <c>DIR/&lt;volume&gt;/</c> with the kubelet's layout and atomic update. Unchanged data writes nothing; a
/// volume that fails (missing secret or key, bad path) keeps its previous contents.
/// </summary>
internal static class ProjectCommand
{
    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var root = new Option<string>("--root") { Description = "The directory under which each volume is written, as DIR/<volume>/.", Required = true };
        var tmpfs = new Option<bool>("--tmpfs") { Description = "Mount each volume directory as tmpfs first, as the kubelet does (needs root); a volume whose first write fails is unmounted again." };
        var allowShared = CommonOptions.CreateAllowSharedDirectoryOption();
        var pod = CommonOptions.CreatePodOption();
        var command = new Command("project", VerbHelp.Project);
        common.AddTo(command);
        command.Options.Add(root);
        command.Options.Add(tmpfs);
        command.Options.Add(allowShared);
        command.Options.Add(pod);
        command.SetAction(result =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new InputException("project writes volumes with Linux system calls and runs on Linux only");
            }

            var input = PodInput.Load(common.ReadInput(result, context), result.GetValue(pod));
            using var volumes = new VolumeRoot(result.GetValue(root)!, result.GetValue(tmpfs), result.GetValue(allowShared));
            var results = Project(input, volumes, context.Error);
            if (common.Format(result) is not OutputFormat.Table and var format)
            {
                WriteJson(context.Output, format, input, results, volumes);
            }
            else
            {
                WriteText(context.Text, results, volumes);
            }

            return results.Any(r => r.Error is not null) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    [SupportedOSPlatform("linux")]
    internal static List<ProjectedVolume> Project(PodInput input, VolumeRoot volumes, TextWriter error)
    {
        if (VolumeRoot.FsGroupNote(input.Pod) is { } note)
        {
            error.WriteLine(note);
        }

        var results = new List<ProjectedVolume>();
        foreach (var plan in PodPlanner.Plan(input.Pod, input.Objects).Volumes)
        {
            // One run, one write per volume: a failure is its first, and the kubelet tears down a volume whose
            // setup failed (only what this run mounted or made).
            using var projector = new VolumeProjector(plan.Name, () => volumes.Open(plan.Name));
            var result = projector.Project(plan);
            if (result.Outcome == VolumeOutcome.Failed)
            {
                projector.Dispose();
                volumes.TearDown(plan.Name);
            }

            // A plan's own errors keep their reason and field path; a write that failed is the kubelet's FailedMount.
            var failure = result.Outcome != VolumeOutcome.Failed ? null : Failure.Of(plan) ?? new Failure(Failure.FailedMount, result.Error!);
            results.Add(new ProjectedVolume(result, failure));
        }

        return results;
    }

    [SupportedOSPlatform("linux")]
    private static void WriteJson(TextWriter output, OutputFormat format, PodInput input, List<ProjectedVolume> results, VolumeRoot volumes) => JsonOutput.Write(output, format, json =>
    {
        json.WriteStartObject();
        json.WriteString("pod", input.Pod.QualifiedName);
        json.WriteString("kind", input.Kind);
        json.WriteStartArray("volumes");
        foreach (var (r, failure) in results)
        {
            json.WriteStartObject();
            json.WriteString("name", r.Volume);
            json.WriteString("path", volumes.PathOf(r.Volume));
            json.WriteBoolean("changed", r.Changed);
            Failure.Write(json, failure);
            json.WriteStartArray("replaced");
            foreach (var name in r.Replaced)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    [SupportedOSPlatform("linux")]
    private static void WriteText(TextWriter output, List<ProjectedVolume> results, VolumeRoot volumes)
    {
        var table = new TextTable("VOLUME", "PATH", "RESULT");
        foreach (var (r, failure) in results)
        {
            var replaced = r.Replaced.Count > 0 ? $" (replaced what was planted at {string.Join(", ", r.Replaced)})" : string.Empty;
            table.Add(r.Volume, volumes.PathOf(r.Volume), failure is not null ? "error: " + failure : (r.Changed ? "written" : "unchanged") + replaced);
        }

        table.WriteTo(output);
    }

    /// <summary>A volume's result, and its failure as every verb's JSON prints it.</summary>
    internal sealed record ProjectedVolume(VolumeResult Result, Failure? Error);
}
