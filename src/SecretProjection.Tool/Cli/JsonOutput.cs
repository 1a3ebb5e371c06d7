using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SecretProjection.Tool.Cli;

/// <summary>Writes exactly one JSON document to the output: indented, or on one line for JSON Lines.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // Field paths and messages hold quotes and angle brackets; keep them readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Relaxed escaping still escapes line breaks inside strings, so a document stays on its line.
    private static readonly JsonWriterOptions LineOptions = Options with { Indented = false };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> write) => Write(output, write, Options);

    /// <summary>Writes the document on one line (one line of a JSON Lines stream).</summary>
    public static void WriteLine(TextWriter output, Action<Utf8JsonWriter> write) => Write(output, write, LineOptions);

    private static void Write(TextWriter output, Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
