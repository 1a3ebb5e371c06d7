using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Input;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>env</c>: each container's environment as the kubelet would build it at start, the events it would record,
/// and why a container could not start. Values stay hidden unless <c>--reveal</c> is given.
/// </summary>
internal static class EnvCommand
{
    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var envNames = CommonOptions.CreateEnvNamesOption();
        var containerName = new Option<string?>("--container") { Description = "Only this container (init, regular or ephemeral)." };
        var reveal = new Option<bool>("--reveal") { Description = "Show the values. Without it, each value is replaced by its length in bytes." };
        var pod = CommonOptions.CreatePodOption();
        var command = new Command("env", VerbHelp.Env);
        common.AddTo(command);
        command.Options.Add(containerName);
        command.Options.Add(envNames);
        command.Options.Add(reveal);
        command.Options.Add(pod);
        command.SetAction(result =>
        {
            var input = PodInput.Load(common.ReadInput(result, context), result.GetValue(pod));
            var options = new EnvResolverOptions { EnvVarNames = result.GetValue(envNames) ?? EnvVarNameMode.Relaxed };
            var containers = Select(EnvResolver.ResolvePod(input.Pod, input.Objects, options), result.GetValue(containerName), input.Pod.QualifiedName);
            var events = containers.SelectMany(c => c.Events).Distinct().ToArray();
            if (common.Format(result) is not OutputFormat.Table and var format)
            {
                WriteJson(context.Output, format, input, containers, events, result.GetValue(reveal));
            }
            else
            {
                WriteText(context.Text, containers, events, result.GetValue(reveal));
            }

            return containers.All(c => c.CanStart) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static IReadOnlyList<ContainerEnvironment> Select(IReadOnlyList<ContainerEnvironment> all, string? name, string pod)
    {
        if (name is null)
        {
            return all;
        }

        var selected = all.Where(c => string.Equals(c.ContainerName, name, StringComparison.Ordinal)).ToArray();
        return selected.Length > 0
            ? selected
            : throw new InputException($"the pod {pod} has no container \"{name}\" (it has {string.Join(", ", all.Select(c => c.ContainerName))}).");
    }

    private static void WriteJson(TextWriter output, OutputFormat format, PodInput input, IReadOnlyList<ContainerEnvironment> containers, PodEvent[] events, bool reveal) => JsonOutput.Write(output, format, json =>
    {
        json.WriteStartObject();
        json.WriteString("pod", input.Pod.QualifiedName);
        json.WriteString("kind", input.Kind);
        json.WriteStartArray("containers");
        foreach (var container in containers)
        {
            json.WriteStartObject();
            json.WriteString("name", container.ContainerName);
            json.WriteBoolean("init", container.IsInit);
            json.WriteString("kind", container.Kind.ToString().ToLowerInvariant());
            json.WriteStartArray("env");
            foreach (var variable in container.Env)
            {
                WriteVariable(json, variable, reveal);
            }

            json.WriteEndArray();
            WriteError(json, container.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("events");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteString("type", e.Type);
            json.WriteString("reason", e.Reason);
            json.WriteString("message", e.Message);
            json.WriteString("from", EventOrigin.Of(e.Reason));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteVariable(Utf8JsonWriter json, ResolvedEnvVar variable, bool reveal)
    {
        json.WriteStartObject();
        json.WriteString("name", variable.Name);
        if (reveal)
        {
            json.WriteString("value", variable.Value);
        }
        else
        {
            json.WriteBoolean("redacted", true);
            json.WriteNumber("length", Encoding.UTF8.GetByteCount(variable.Value));
        }

        json.WriteEndObject();
    }

    /// <summary><c>"error"</c>: why the container cannot start (shared with <c>sync</c>'s drift lines), or null.</summary>
    internal static void WriteError(Utf8JsonWriter json, ContainerStartError? error) =>
        Failure.Write(json, error is null ? null : new Failure(error.Reason, error.Message), more =>
        {
            more.WriteString("kind", error!.Kind.ToString());
            more.WriteString("field", error.Field);
        });

    private static void WriteText(TextWriter output, IReadOnlyList<ContainerEnvironment> containers, PodEvent[] events, bool reveal)
    {
        var table = new TextTable("CONTAINER", "VARIABLE", "VALUE");
        foreach (var container in containers)
        {
            var label = container.IsInit ? container.ContainerName + " (init)" : container.ContainerName;
            if (container.Error is { } error)
            {
                table.Add(label, "-", $"cannot start: {error.Reason}: {error.Message}");
            }

            foreach (var variable in container.Env)
            {
                table.Add(label, variable.Name, reveal ? variable.Value : Hidden(variable.Value));
            }
        }

        table.WriteTo(output);
        if (events.Length > 0)
        {
            output.WriteLine();
            // FROM says who records the event: the kubelet, or this tool alone (virtual-kubelet's events, this library's).
            var eventTable = new TextTable("TYPE", "REASON", "FROM", "MESSAGE");
            foreach (var e in events)
            {
                eventTable.Add(e.Type, e.Reason, EventOrigin.Of(e.Reason), e.Message);
            }

            eventTable.WriteTo(output);
        }

        var failed = containers.Where(c => c.Error is not null).ToArray();
        if (failed.Length > 0)
        {
            output.WriteLine();
            foreach (var container in failed)
            {
                output.WriteLine($"Container \"{container.ContainerName}\" cannot start ({container.Error!.Field}): {container.Error.Message}");
            }
        }

        if (!reveal && containers.Any(c => c.Env.Count > 0))
        {
            output.WriteLine();
            output.WriteLine("Values are hidden; --reveal shows them.");
        }
    }

    private static string Hidden(string value) =>
        string.Create(CultureInfo.InvariantCulture, $"<hidden, {Encoding.UTF8.GetByteCount(value)} bytes>");
}
