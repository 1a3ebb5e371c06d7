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
/// are validated as they are read: JSON is written as they come, and the table keeps only their results.
/// An input that cannot be read is reported and the others are validated (exit 2).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var envNames = CommonOptions.CreateEnvNamesOption();
        var command = new Command("validate", VerbHelp.Validate);
        common.AddTo(command);
        command.Options.Add(envNames);
        command.SetAction(result =>
        {
            var input = common.ReadInput(result, context);
            using var results = Validate(input.Read(), new PodValidationOptions { EnvVarNames = result.GetValue(envNames) ?? EnvVarNameMode.Relaxed }).GetEnumerator();
            if (!results.MoveNext())
            {
                input.ThrowIfUnreadable(); // no object: the problems, or "no objects"
            }

            var format = common.Format(result);
            var failed = format == OutputFormat.Table ? WriteText(context.Text, results) : WriteJson(context.Output, format, results, input);
            if (input.Problems.Count > 0)
            {
                throw new InputException(input.Problems);
            }

            return failed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Validates each object as it is read: a Secret seen before is checked as an update of it.</summary>
    internal static IEnumerable<ObjectResult> Validate(IEnumerable<ManifestObject> objects, PodValidationOptions options)
    {
        // What an update check needs of an earlier Secret: its type, and its data only when it was immutable.
        var seen = new Dictionary<string, SeenSecret>(StringComparer.Ordinal);
        SeenSecret? mutable = null; // shared by the mutable Secrets of the last type seen
        foreach (var item in objects)
        {
            IReadOnlyList<FieldError> errors = item.Model switch
            {
                Secret secret => seen.TryGetValue(item.QualifiedName, out var previous)
                    ? SecretValidation.ValidateUpdate(secret, secret with { Type = previous.Type, Immutable = previous.Immutable, Data = previous.Data ?? secret.Data })
                    : SecretValidation.Validate(secret),
                ConfigMap configMap => ConfigMapValidation.Validate(configMap),
                Pod pod => PodErrors(item, PodValidation.Validate(pod, options)),
                _ => [],
            };
            if (item.Model is Secret s)
            {
                seen[item.QualifiedName] = s.Immutable ? new SeenSecret(s.Type, true, s.Data)
                    : mutable is { } last && last.Type == s.Type ? last
                    : mutable = new SeenSecret(s.Type, false, null);
            }

            yield return new ObjectResult(item.Kind, item.QualifiedName, item.Source, item.Line, errors.Count == 0 ? [] : errors, item.Warnings, Skipped: item.Model is null or ServiceAccount);
        }
    }

    /// <summary>
    /// A pod's errors with their paths in the object that holds it (a workload's template). A method of its own: a
    /// lambda in the loop would have its captured object made for every object read, pod or not.
    /// </summary>
    private static FieldError[] PodErrors(ManifestObject item, IEnumerable<FieldError> errors) =>
        [.. errors.Select(e => new FieldError(e.Type, item.FieldOfPod(e.Field), e.Detail, e.BadValue))];

    /// <summary>Writes each result as it comes (the first is current), then the inputs that could not be read.</summary>
    /// <returns>Whether an object is invalid.</returns>
    private static bool WriteJson(TextWriter output, OutputFormat format, IEnumerator<ObjectResult> results, ManifestInput input)
    {
        var failed = false;
        var location = new char[256]; // "source:line", written without a string per object
        JsonOutput.Write(output, format, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("objects");
            do
            {
                var r = results.Current;
                failed |= r.Errors.Count > 0;
                json.WriteStartObject();
                json.WriteString("kind", r.Kind);
                json.WriteString("name", r.Name);
                WriteLocation(json, "source", r.Source, r.Line, ref location);
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
            while (results.MoveNext());

            json.WriteEndArray();
            JsonOutput.WriteStrings(json, "inputErrors", input.Problems);
            json.WriteEndObject();
        });
        return failed;
    }

    private static void WriteLocation(Utf8JsonWriter json, string name, string source, int line, ref char[] buffer)
    {
        if (buffer.Length < source.Length + 12)
        {
            buffer = new char[source.Length + 12];
        }

        source.CopyTo(buffer);
        buffer[source.Length] = ':';
        line.TryFormat(buffer.AsSpan(source.Length + 1), out var digits, provider: CultureInfo.InvariantCulture);
        json.WriteString(name, buffer.AsSpan(0, source.Length + 1 + digits));
    }

    /// <summary>
    /// The table needs every row for its widths, so it keeps each row's cells. Of the results, only the invalid ones
    /// are kept, for their errors after the table.
    /// </summary>
    /// <returns>Whether an object is invalid.</returns>
    private static bool WriteText(TextWriter output, IEnumerator<ObjectResult> results)
    {
        var table = new TextTable("KIND", "NAME", "RESULT");
        var invalid = new List<ObjectResult>();
        do
        {
            var r = results.Current;
            table.Add(r.Kind, r.Name, r.Skipped ? "skipped (kind not checked)" : r.Errors.Count == 0 ? "valid" : Plural(r.Errors.Count, "error"));
            if (r.Errors.Count > 0)
            {
                invalid.Add(r);
            }
        }
        while (results.MoveNext());

        table.WriteTo(output);
        foreach (var r in invalid)
        {
            output.WriteLine();
            output.WriteLine($"The {r.Kind} \"{r.Name}\" is invalid ({r.Source}:{r.Line}):");
            foreach (var e in r.Errors)
            {
                output.WriteLine($"* {e}");
            }
        }

        return invalid.Count > 0;
    }

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    /// <summary>
    /// What is kept of a Secret for a later update of it: a class, as a dictionary's value of a struct would be code
    /// compiled at run time in every run.
    /// </summary>
    private sealed record SeenSecret(string Type, bool Immutable, DataMap? Data);

    /// <summary>What is kept of a validated object: its identity, the API server's errors, the reader's warnings.</summary>
    internal sealed record ObjectResult(string Kind, string Name, string Source, int Line, IReadOnlyList<FieldError> Errors, IReadOnlyList<ManifestWarning> Warnings, bool Skipped);
}
