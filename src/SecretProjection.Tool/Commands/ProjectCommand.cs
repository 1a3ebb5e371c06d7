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
        var tmpfs = new Option<bool>("--tmpfs") { Description = "Mount each volume directory as tmpfs first, as the kubelet does (needs root)." };
        var pod = CommonOptions.CreatePodOption();
        var command = new Command("project", VerbHelp.Project);
        common.AddTo(command);
        command.Options.Add(root);
        command.Options.Add(tmpfs);
        command.Options.Add(pod);
        command.SetAction(result =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new InputException("project writes volumes with Linux system calls and runs on Linux only");
            }

            var input = PodInput.Load(common.ReadInput(result, context), result.GetValue(pod));
            var results = Project(input, result.GetValue(root)!, result.GetValue(tmpfs), context.Error);
            if (common.Format(result) is not OutputFormat.Table and var format)
            {
                WriteJson(context.Output, format, input, results);
            }
            else
            {
                WriteText(context.Text, results);
            }

            return results.Any(r => r.Error is not null) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    [SupportedOSPlatform("linux")]
    internal static List<VolumeResult> Project(PodInput input, string root, bool tmpfs, TextWriter error)
    {
        var volumes = new VolumeRoot(root, tmpfs);
        if (VolumeRoot.FsGroupNote(input.Pod) is { } note)
        {
            error.WriteLine(note);
        }

        var results = new List<VolumeResult>();
        foreach (var volume in PodPlanner.Plan(input.Pod, input.Objects).Volumes)
        {
            var path = volumes.PathOf(volume.Name);
            try
            {
                if (Failure.Of(volume) is { } failure)
                {
                    results.Add(new VolumeResult(volume.Name, path, false, failure));
                    continue;
                }

                var writer = AtomicWriter.Create(volumes.Open(volume.Name), new AtomicWriterOptions { FsGroup = input.Pod.SecurityContext.FsGroup });
                results.Add(new VolumeResult(volume.Name, path, writer.Write(volume.ToPayload()).Changed, null));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidPayloadException)
            {
                results.Add(new VolumeResult(volume.Name, path, false, new Failure(Failure.FailedMount, e.Message)));
            }
        }

        return results;
    }

    private static void WriteJson(TextWriter output, OutputFormat format, PodInput input, List<VolumeResult> results) => JsonOutput.Write(output, format, json =>
    {
        json.WriteStartObject();
        json.WriteString("pod", input.Pod.QualifiedName);
        json.WriteString("kind", input.Kind);
        json.WriteStartArray("volumes");
        foreach (var r in results)
        {
            json.WriteStartObject();
            json.WriteString("name", r.Name);
            json.WriteString("path", r.Path);
            json.WriteBoolean("changed", r.Changed);
            Failure.Write(json, r.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteText(TextWriter output, List<VolumeResult> results)
    {
        var table = new TextTable("VOLUME", "PATH", "RESULT");
        foreach (var r in results)
        {
            table.Add(r.Name, r.Path, r.Error is { } error ? "error: " + error : r.Changed ? "written" : "unchanged");
        }

        table.WriteTo(output);
    }

    internal sealed record VolumeResult(string Name, string Path, bool Changed, Failure? Error);
}
