using System.Text.Json;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Cli;

/// <summary>A document streamed an item at a time prints as the same document written whole, as JSON and as YAML.</summary>
public class JsonOutputTests
{
    public static TheoryData<string, int> Formats() => new()
    {
        { "json", 0 },
        { "json", 1 },
        { "json", 3 },
        { "yaml", 0 },
        { "yaml", 1 },
        { "yaml", 3 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_streamed_document_is_the_document_written_whole(string name, int count)
    {
        var format = name == "yaml" ? OutputFormat.Yaml : OutputFormat.Json;
        var items = Enumerable.Range(0, count).Select(i => (Action<Utf8JsonWriter>)(json => Item(json, i))).ToList();
        var written = 0;
        void Members(Utf8JsonWriter json)
        {
            json.WriteStartObject("summary");
            json.WriteNumber("items", written);
            json.WriteEndObject();
            JsonOutput.WriteStrings(json, "empty", []);
        }

        var whole = new StringWriter();
        JsonOutput.Write(whole, format, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("items");
            items.ForEach(item => item(json));
            json.WriteEndArray();
            written = count;
            Members(json);
            json.WriteEndObject();
        });
        written = 0;
        var streamed = new StringWriter();
        JsonOutput.WriteStreamed(streamed, format, "items", items.Select(item => (Action<Utf8JsonWriter>)(json =>
        {
            written++;
            item(json);
        })), Members);

        Assert.Equal(whole.ToString(), streamed.ToString());
        Assert.Contains(format == OutputFormat.Yaml ? $"  items: {count}\n" : $"\"items\": {count}\n", streamed.ToString(), StringComparison.Ordinal);
    }

    private static void Item(Utf8JsonWriter json, int i)
    {
        json.WriteStartObject();
        json.WriteString("name", "item-" + i);
        json.WriteString("quoted", i == 1 ? "0400" : "true");
        json.WriteNull("none");
        json.WriteStartArray("values");
        for (var v = 0; v < i; v++)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
        json.WriteStartObject("nested");
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
