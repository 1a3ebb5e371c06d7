using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Input;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>validate</c>: the API server's checks on every Secret, ConfigMap, Pod and workload pod template of the
/// input. A Secret that appears again later in the input is checked as an update of the earlier one. Objects
/// are validated as they are read and only their results are kept, so memory does not grow with the objects.
/// An input that cannot be read is reported and the others are validated (exit 2).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var envNames = CommonOptions.CreateEnvNamesOption();
        var command = new Command("validate", "Validate Secrets, ConfigMaps, Pods and workloads' pod templates as the API server does.");
        common.AddTo(command);
        command.Options.Add(envNames);
        command.SetAction(result =>
        {
            var input = common.ReadInput(result, context);
            var results = Validate(input.Read(), new PodValidationOptions { EnvVarNames = result.GetValue(envNames) });
            if (input.Count == 0)
            {
                input.ThrowIfUnreadable();
            }

            if (common.IsJson(result))
            {
                WriteJson(context.Output, results, input.Problems);
            }
            else
            {
                WriteText(context.Text, results);
            }

            if (input.Problems.Count > 0)
            {
                throw new InputException(input.Problems);
            }

            return results.Any(r => r.Errors.Count > 0) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    internal static List<ObjectResult> Validate(IEnumerable<ManifestObject> objects, PodValidationOptions options)
    {
        // What an update check needs of an earlier Secret: its type, and its data only when it was immutable.
        var seen = new Dictionary<string, (string Type, bool Immutable, DataMap? Data)>(StringComparer.Ordinal);
        var results = new List<ObjectResult>();
        foreach (var item in objects)
        {
            IReadOnlyList<FieldError> errors = item.Model switch
            {
                Secret secret => seen.TryGetValue(item.QualifiedName, out var previous)
                    ? SecretValidation.ValidateUpdate(secret, secret with { Type = previous.Type, Immutable = previous.Immutable, Data = previous.Data ?? secret.Data })
                    : SecretValidation.Validate(secret),
                ConfigMap configMap => ConfigMapValidation.Validate(configMap),
                Pod pod => [.. PodValidation.Validate(pod, options).Select(e => e with { Field = item.FieldOfPod(e.Field) })],
                _ => [],
            };
            if (item.Model is Secret s)
            {
                seen[item.QualifiedName] = (s.Type, s.Immutable, s.Immutable ? s.Data : null);
            }

            results.Add(new ObjectResult(item.Kind, item.QualifiedName, item.Source, item.Line, errors.Count == 0 ? [] : errors, item.Warnings, Skipped: item.Model is null or ServiceAccount));
        }

        return results;
    }

    private static void WriteJson(TextWriter output, List<ObjectResult> results, IReadOnlyList<string> problems) => JsonOutput.Write(output, json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("objects");
        foreach (var r in results)
        {
            json.WriteStartObject();
            json.WriteString("kind", r.Kind);
            json.WriteString("name", r.Name);
            json.WriteString("source", r.Source + ":" + r.Line.ToString(CultureInfo.InvariantCulture));
            if (r.Skipped)
            {
                json.WriteBoolean("skipped", true);
            }

            json.WriteStartArray("errors");
            foreach (var e in r.Errors)
            {
                json.WriteStartObject();
                json.WriteString("field", e.Field);
                json.WriteString("message", e.Message);
                json.WriteString("type", e.Type.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var w in r.Warnings)
            {
                json.WriteStartObject();
                json.WriteString("field", w.Field);
                json.WriteString("message", w.Message);
                json.WriteString("source", w.Source + ":" + w.Line.ToString(CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            if (json.BytesPending > JsonOutput.FlushThreshold)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        WriteStrings(json, "inputErrors", problems);
        json.WriteEndObject();
    });

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteText(TextWriter output, List<ObjectResult> results)
    {
        var table = new TextTable("KIND", "NAME", "RESULT");
        foreach (var r in results)
        {
            table.Add(r.Kind, r.Name, r.Skipped ? "skipped (kind not checked)" : r.Errors.Count == 0 ? "valid" : Plural(r.Errors.Count, "error"));
        }

        table.WriteTo(output);
        foreach (var r in results.Where(r => r.Errors.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"The {r.Kind} \"{r.Name}\" is invalid ({r.Source}:{r.Line}):");
            foreach (var e in r.Errors)
            {
                output.WriteLine($"* {e}");
            }
        }
    }

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    /// <summary>What is kept of a validated object: its identity, the API server's errors, the reader's warnings.</summary>
    internal sealed record ObjectResult(string Kind, string Name, string Source, int Line, IReadOnlyList<FieldError> Errors, IReadOnlyList<ManifestWarning> Warnings, bool Skipped);
}
