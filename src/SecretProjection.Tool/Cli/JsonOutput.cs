using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// Writes exactly one JSON document to the output: indented, or on one line for JSON Lines. The bytes go to the
/// output as the writer flushes them, so a long document (validate of 20,000 objects flushes as it goes) is not
/// held twice in memory.
/// </summary>
internal static class JsonOutput
{
    /// <summary>What a writer holds before a long document flushes it to the output.</summary>
    public const int FlushThreshold = 64 << 10;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // Field paths and messages hold quotes and angle brackets; keep them readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Relaxed escaping still escapes line breaks inside strings, so a document stays on its line.
    private static readonly JsonWriterOptions LineOptions = Options with { Indented = false };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> write) => Write(output, write, Options);

    /// <summary>
    /// Writes the document as JSON, or as YAML with <see cref="OutputFormat.Yaml"/>: YAML needs the whole document
    /// first, so it is written to memory as JSON and then printed.
    /// </summary>
    public static void Write(TextWriter output, OutputFormat format, Action<Utf8JsonWriter> write)
    {
        if (format != OutputFormat.Yaml)
        {
            Write(output, write);
            return;
        }

        YamlOutput.Write(output, Document(write));
    }

    /// <summary>
    /// Writes a document whose top object is an array of <paramref name="items"/> under <paramref name="arrayName"/>,
    /// then the members <paramref name="members"/> writes, as <see cref="Write(TextWriter, OutputFormat, Action{Utf8JsonWriter})"/>
    /// would write it whole; but each item is written as it is enumerated (computed), and neither the items nor the
    /// document are held: JSON flushes as it goes, YAML is emitted an item at a time.
    /// </summary>
    /// <param name="output">The output.</param>
    /// <param name="format">JSON or YAML.</param>
    /// <param name="arrayName">The name of the array, the first member.</param>
    /// <param name="items">Each writes one item of the array; enumerated once, as the document is written.</param>
    /// <param name="members">Writes the members after the array, once every item was written.</param>
    public static void WriteStreamed(TextWriter output, OutputFormat format, string arrayName, IEnumerable<Action<Utf8JsonWriter>> items, Action<Utf8JsonWriter> members)
    {
        if (format == OutputFormat.Yaml)
        {
            YamlOutput.Write(output, arrayName, items.Select(Document), () => Document(json =>
            {
                json.WriteStartObject();
                members(json);
                json.WriteEndObject();
            }));
            return;
        }

        Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray(arrayName);
            foreach (var item in items)
            {
                item(json);
                if (json.BytesPending > FlushThreshold)
                {
                    json.Flush();
                }
            }

            json.WriteEndArray();
            members(json);
            json.WriteEndObject();
        });
    }

    /// <summary>Writes one document of a stream: a JSON line, or a YAML document that starts with <c>---</c>.</summary>
    public static void WriteLine(TextWriter output, OutputFormat format, Action<Utf8JsonWriter> write)
    {
        if (format != OutputFormat.Yaml)
        {
            WriteLine(output, write);
            return;
        }

        YamlOutput.Write(output, Document(write), startMarker: true);
        output.Flush();
    }

    private static JsonElement Document(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, LineOptions))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Writes the document on one line (one line of a JSON Lines stream).</summary>
    public static void WriteLine(TextWriter output, Action<Utf8JsonWriter> write) => Write(output, write, LineOptions);

    /// <summary>Writes an array of strings.</summary>
    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void Write(TextWriter output, Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        using (var stream = new TextWriterStream(output))
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            write(writer);
        }

        output.WriteLine();
    }

    /// <summary>UTF-8 bytes written to a text writer as characters.</summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private char[] _chars = [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (_chars.Length < needed)
            {
                _chars = new char[Math.Max(needed, 1024)];
            }

            var count = _decoder.GetChars(buffer, _chars, flush: false);
            output.Write(_chars, 0, count);
        }

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
