using System.CommandLine;
using System.Globalization;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Tool.Cli;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>validate</c>: the API server's checks on every Secret, ConfigMap and Pod of the input. A Secret that
/// appears again later in the input is checked as an update of the earlier one.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var envNames = CommonOptions.CreateEnvNamesOption();
        var command = new Command("validate", "Validate Secrets, ConfigMaps and Pods as the API server does.");
        common.AddTo(command);
        command.Options.Add(envNames);
        command.SetAction(result =>
        {
            var manifests = InputLoader.Load(result.GetValue(common.Files) ?? [], context);
            var results = Validate(manifests, new PodValidationOptions { EnvVarNames = result.GetValue(envNames) });
            if (common.IsJson(result))
            {
                WriteJson(context.Output, results);
            }
            else
            {
                WriteText(context.Text, results);
            }

            return results.Any(r => r.Errors.Count > 0) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    internal static List<ObjectResult> Validate(ManifestSet manifests, PodValidationOptions options)
    {
        var seen = new Dictionary<string, Secret>(StringComparer.Ordinal);
        var results = new List<ObjectResult>();
        foreach (var item in manifests.Objects)
        {
            IReadOnlyList<FieldError> errors = item.Model switch
            {
                Secret secret => seen.TryGetValue(secret.QualifiedName, out var previous)
                    ? SecretValidation.ValidateUpdate(secret, previous)
                    : SecretValidation.Validate(secret),
                ConfigMap configMap => ConfigMapValidation.Validate(configMap),
                Pod pod => PodValidation.Validate(pod, options),
                _ => [],
            };
            if (item.Model is Secret s)
            {
                seen[s.QualifiedName] = s;
            }

            results.Add(new ObjectResult(item, errors, Skipped: item.Model is null or ServiceAccount));
        }

        return results;
    }

    private static void WriteJson(TextWriter output, List<ObjectResult> results) => JsonOutput.Write(output, json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("objects");
        foreach (var r in results)
        {
            json.WriteStartObject();
            json.WriteString("kind", r.Object.Kind);
            json.WriteString("name", r.Object.QualifiedName);
            json.WriteString("source", r.Object.Source + ":" + r.Object.Line.ToString(CultureInfo.InvariantCulture));
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
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteText(TextWriter output, List<ObjectResult> results)
    {
        var table = new TextTable("KIND", "NAME", "RESULT");
        foreach (var r in results)
        {
            table.Add(r.Object.Kind, r.Object.QualifiedName, r.Skipped ? "skipped (kind not checked)" : r.Errors.Count == 0 ? "valid" : Plural(r.Errors.Count, "error"));
        }

        table.WriteTo(output);
        foreach (var r in results.Where(r => r.Errors.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"The {r.Object.Kind} \"{r.Object.QualifiedName}\" is invalid ({r.Object.Source}:{r.Object.Line}):");
            foreach (var e in r.Errors)
            {
                output.WriteLine($"* {e}");
            }
        }
    }

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    internal sealed record ObjectResult(ManifestObject Object, IReadOnlyList<FieldError> Errors, bool Skipped);
}
