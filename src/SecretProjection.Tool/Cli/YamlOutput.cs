using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// A JSON document written as YAML, as <c>kubectl -o yaml</c> prints what it would print as JSON: block mappings and
/// sequences in the same order, empty ones as <c>{}</c> and <c>[]</c>, numbers, booleans and null plain, and a
/// string quoted whenever, unquoted, it would read back as something else (<c>"0400"</c>, <c>"true"</c>, <c>""</c>).
/// </summary>
internal static partial class YamlOutput
{
    public static void Write(TextWriter output, JsonElement document, bool startMarker = false)
    {
        var emitter = new Emitter(output);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: !startMarker));
        Emit(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
    }

    /// <summary>
    /// Writes the document <c>{arrayName: [items...], members...}</c> as <see cref="Write(TextWriter, JsonElement, bool)"/>
    /// writes it whole, emitting each item as it is enumerated; <paramref name="members"/> is asked for once every
    /// item was written.
    /// </summary>
    public static void Write(TextWriter output, string arrayName, IEnumerable<JsonElement> items, Func<JsonElement> members)
    {
        var emitter = new Emitter(output);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        EmitString(emitter, arrayName);
        using (var item = items.GetEnumerator())
        {
            var any = item.MoveNext();
            emitter.Emit(new SequenceStart(null, null, isImplicit: true, any ? SequenceStyle.Block : SequenceStyle.Flow));
            for (; any; any = item.MoveNext())
            {
                Emit(emitter, item.Current);
            }
        }

        emitter.Emit(new SequenceEnd());
        foreach (var property in members().EnumerateObject())
        {
            EmitString(emitter, property.Name);
            Emit(emitter, property.Value);
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
    }

    private static void Emit(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var empty = !element.EnumerateObject().Any();
                emitter.Emit(new MappingStart(null, null, isImplicit: true, empty ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in element.EnumerateObject())
                {
                    EmitString(emitter, property.Name);
                    Emit(emitter, property.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, element.GetArrayLength() == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                EmitString(emitter, element.GetString()!);
                break;
            case JsonValueKind.Null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            default: // numbers, true, false: as JSON writes them
                emitter.Emit(new Scalar(null, null, element.GetRawText(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    /// <summary>A string: plain where the emitter allows it and it reads back as a string, else double-quoted.</summary>
    private static void EmitString(IEmitter emitter, string value) =>
        emitter.Emit(new Scalar(null, null, value, ReadsAsOtherType(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true));

    /// <summary>Whether plain text would be read as null, a boolean or a number by a YAML 1.1 or 1.2 reader.</summary>
    private static bool ReadsAsOtherType(string value) => value.Length == 0 || NotAString().IsMatch(value);

    [GeneratedRegex(@"^(~|null|Null|NULL|[yY]|[nN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?\.?[0-9].*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|<<)$", RegexOptions.Singleline)]
    private static partial Regex NotAString();
}
