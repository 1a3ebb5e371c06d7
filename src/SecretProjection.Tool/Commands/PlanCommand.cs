using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SecretProjection.Projection;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Input;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>plan</c>: the files the kubelet would write into each secret, configMap and projected volume of the pod
/// (paths, effective modes, sizes, sources, owners; never the bytes) and whether each mount sees updates.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var pod = CommonOptions.CreatePodOption();
        var command = new Command("plan", VerbHelp.Plan);
        common.AddTo(command);
        command.Options.Add(pod);
        command.SetAction(result =>
        {
            var input = PodInput.Load(common.ReadInput(result, context), result.GetValue(pod));
            var plan = PodPlanner.Plan(input.Pod, input.Objects);
            if (common.Format(result) is not OutputFormat.Table and var format)
            {
                WriteJson(context.Output, format, input.Kind, plan);
            }
            else
            {
                WriteText(context.Text, input.Kind, plan);
            }

            return plan.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static void WriteJson(TextWriter output, OutputFormat format, string kind, PodPlan plan) => JsonOutput.Write(output, format, json =>
    {
        json.WriteStartObject();
        json.WriteString("pod", plan.Pod);
        json.WriteString("kind", kind);
        json.WriteStartArray("volumes");
        foreach (var volume in plan.Volumes)
        {
            WriteVolume(json, volume);
        }

        json.WriteEndArray();
        json.WriteStartArray("mounts");
        foreach (var mount in plan.Mounts)
        {
            json.WriteStartObject();
            json.WriteString("container", mount.Container);
            json.WriteString("volume", mount.Volume);
            json.WriteString("mountPath", mount.MountPath);
            json.WriteString("subPath", mount.SubPath);
            json.WriteBoolean("receivesUpdates", mount.ReceivesUpdates);
            JsonOutput.WriteStrings(json, "warnings", mount.Warnings);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteVolume(Utf8JsonWriter json, VolumePlan volume)
    {
        json.WriteStartObject();
        json.WriteString("name", volume.Name);
        json.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(volume.Kind.ToString()));
        json.WriteStartArray("files");
        foreach (var file in volume.Files)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("mode", OctalMode.Format(file.EffectiveMode));
            json.WriteNumber("size", file.Size);
            json.WriteString("source", file.Source.ToString());
            json.WriteString("sourceKind", file.Source.Kind.ToString());
            json.WriteString("requestedMode", OctalMode.Format(file.Mode));
            WriteId(json, "user", file.User);
            WriteId(json, "group", file.Group);
            JsonOutput.WriteStrings(json, "warnings", file.Warnings);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (volume.Succeeded)
        {
            json.WriteNull("error");
        }
        else
        {
            json.WriteStartObject("error");
            json.WriteString("reason", volume.Errors[0].Reason);
            json.WriteString("message", volume.ErrorMessage);
            json.WriteStartArray("causes");
            foreach (var error in volume.Errors)
            {
                json.WriteStartObject();
                json.WriteString("reason", error.Reason);
                json.WriteString("field", error.Field);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteBoolean("neverChanges", volume.NeverChanges);
        JsonOutput.WriteStrings(json, "notes", volume.Notes);
        json.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter json, string name, long? id)
    {
        if (id is { } value)
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteText(TextWriter output, string podKind, PodPlan plan)
    {
        output.WriteLine($"{podKind} {plan.Pod}");
        foreach (var volume in plan.Volumes)
        {
            output.WriteLine();
            var kind = JsonNamingPolicy.CamelCase.ConvertName(volume.Kind.ToString());
            if (!volume.Succeeded)
            {
                output.WriteLine($"Volume {volume.Name} ({kind}): cannot be set up");
                foreach (var error in volume.Errors)
                {
                    output.WriteLine($"* {error.Reason}: {error}");
                }

                WriteNotes(output, volume.Notes);
                continue;
            }

            output.WriteLine($"Volume {volume.Name} ({kind}){(volume.NeverChanges ? ", never changes" : string.Empty)}");
            var table = new TextTable("PATH", "MODE", "SIZE", "SOURCE", "OWNER", "WARNINGS");
            foreach (var file in volume.Files)
            {
                table.Add(
                    file.Path,
                    OctalMode.Format(file.EffectiveMode),
                    file.Size.ToString(CultureInfo.InvariantCulture),
                    file.Source.ToString(),
                    Owner(file),
                    string.Join("; ", file.Warnings));
            }

            table.WriteTo(output);
            WriteNotes(output, volume.Notes);
        }

        if (plan.Mounts.Count > 0)
        {
            output.WriteLine();
            var mounts = new TextTable("CONTAINER", "VOLUME", "MOUNT PATH", "SUBPATH", "UPDATES", "WARNINGS");
            foreach (var mount in plan.Mounts)
            {
                mounts.Add(mount.Container, mount.Volume, mount.MountPath, mount.SubPath, mount.ReceivesUpdates ? "yes" : "never", string.Join("; ", mount.Warnings));
            }

            mounts.WriteTo(output);
        }
    }

    private static string Owner(PlannedFile file) =>
        string.Create(CultureInfo.InvariantCulture, $"{file.User ?? 0}:{file.Group ?? 0}");

    private static void WriteNotes(TextWriter output, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            output.WriteLine($"  note: {note}");
        }
    }
}
