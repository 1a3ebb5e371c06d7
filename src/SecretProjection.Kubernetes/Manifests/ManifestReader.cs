using System.Text;
using k8s;
using k8s.Models;
using SecretProjection.Kubernetes.Mapping;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Reads Kubernetes manifests — YAML or JSON, several documents, <c>v1</c> <c>List</c>s — into the model, with
/// KubernetesClient's own deserializer. Kinds other than Pod, Secret, ConfigMap and ServiceAccount are kept
/// as skipped entries.
/// </summary>
public static class ManifestReader
{
    private static readonly IDeserializer DuplicateChecker = new DeserializerBuilder().WithDuplicateKeyChecking().Build();

    /// <summary>Reads manifest text.</summary>
    /// <param name="content">The YAML or JSON text.</param>
    /// <param name="source">The name to report in errors: a file name, or <c>-</c>.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="ManifestException">The text is not a readable manifest.</exception>
    public static ManifestSet Read(string content, string source)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(source);
        var objects = new List<ManifestObject>();
        try
        {
            foreach (var node in TopLevelNodes(content))
            {
                ReadDocument(content, source, node, objects);
            }
        }
        catch (YamlException e)
        {
            throw new ManifestException(source, (int)e.Start.Line, Describe(e), e);
        }
#pragma warning disable CA1031 // Untrusted text: the YAML library reports some malformed input with other exception types.
        catch (Exception e) when (e is not (ManifestException or OutOfMemoryException))
#pragma warning restore CA1031
        {
            throw new ManifestException(source, null, $"not readable as YAML or JSON ({e.GetType().Name})", e);
        }

        return new ManifestSet(objects);
    }

    private static void ReadDocument(string content, string source, NodeSpan node, List<ManifestObject> objects)
    {
        var text = node.Text(content);
        var document = DuplicateChecker.Deserialize<object?>(text);
        if (document is null)
        {
            return;
        }

        if (document is not IDictionary<object, object> map)
        {
            throw new ManifestException(source, node.Line, "a manifest document must be an object with apiVersion and kind");
        }

        var apiVersion = map.TryGetValue("apiVersion", out var v) ? v as string : null;
        var kind = map.TryGetValue("kind", out var k) ? k as string : null;
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            throw new ManifestException(source, node.Line, "object has no apiVersion or kind");
        }

        if (apiVersion == "v1" && kind.EndsWith("List", StringComparison.Ordinal))
        {
            foreach (var item in ListItems(content, node))
            {
                ReadDocument(content, source, item, objects);
            }

            return;
        }

        object? model = (apiVersion, kind) switch
        {
            ("v1", "Secret") => KubernetesModelMapper.ToModel(KubernetesYaml.Deserialize<V1Secret>(text)),
            ("v1", "Pod") => KubernetesModelMapper.ToModel(KubernetesYaml.Deserialize<V1Pod>(text)),
            ("v1", "ConfigMap") => KubernetesModelMapper.ToModel(KubernetesYaml.Deserialize<V1ConfigMap>(text)),
            ("v1", "ServiceAccount") => KubernetesModelMapper.ToModel(KubernetesYaml.Deserialize<V1ServiceAccount>(text)),
            _ => null,
        };

        objects.Add(new ManifestObject(kind, QualifiedName(map), source, node.Line, model));
    }

    private static string QualifiedName(IDictionary<object, object> map)
    {
        var metadata = map.TryGetValue("metadata", out var m) ? m as IDictionary<object, object> : null;
        var name = metadata?.TryGetValue("name", out var n) == true ? n as string : null;
        var ns = metadata?.TryGetValue("namespace", out var s) == true ? s as string : null;
        return (string.IsNullOrEmpty(ns) ? "default" : ns) + "/" + name;
    }

    /// <summary>The span of each document's root node.</summary>
    private static List<NodeSpan> TopLevelNodes(string content)
    {
        var parser = new Parser(new StringReader(content));
        var nodes = new List<NodeSpan>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            if (parser.Accept<DocumentEnd>(out _))
            {
                parser.Consume<DocumentEnd>();
                continue;
            }

            nodes.Add(SkipNode(parser, content, new DocumentLimits()));
            parser.Consume<DocumentEnd>();
        }

        return nodes;
    }

    /// <summary>The span of each element of the <c>items</c> sequence of a List object.</summary>
    private static List<NodeSpan> ListItems(string content, NodeSpan list)
    {
        var text = list.Text(content);
        var parser = new Parser(new StringReader(text));
        var items = new List<NodeSpan>();
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        parser.Consume<MappingStart>();
        while (!parser.Accept<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>();
            if (key.Value == "items" && parser.TryConsume<SequenceStart>(out _))
            {
                // Indices in the padded snippet, shifted back to the whole text.
                var shift = list.Start - (list.Line - 1) - (list.Column - 1);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = SkipNode(parser, text);
                    items.Add(item with { Start = item.Start + shift, End = item.End + shift });
                }
            }
            else
            {
                SkipNode(parser, text);
            }
        }

        return items;
    }

    private static NodeSpan SkipNode(IParser parser, string text, DocumentLimits? limits = null)
    {
        var start = parser.Current!.Start;
        var end = start.Index;
        var depth = 0;
        do
        {
            var current = parser.Current!;
            limits?.Observe(current);
            depth += current.NestingIncrease;
            end = Math.Max(end, current.End.Index);

            // The end event of a flow collection has no width: take its closing bracket too.
            if (current is MappingEnd or SequenceEnd && end < text.Length && text[(int)end] is '}' or ']')
            {
                end++;
            }

            parser.MoveNext();
        }
        while (depth > 0);

        return new NodeSpan((int)start.Index, (int)end, (int)start.Line, (int)start.Column);
    }

    private static string Describe(YamlException e)
    {
        // The base64 converter's FormatException and duplicate keys arrive wrapped; their messages hold no values.
        var inner = e.InnerException;
        return inner switch
        {
            FormatException => "invalid base64 data: " + inner.Message,
            null => e.Message.Replace($"({e.Start}) - ({e.End}): ", string.Empty, StringComparison.Ordinal),
            _ => inner.Message,
        };
    }

    /// <summary>
    /// A node's place in the text. <see cref="Text"/> pads the node with the newlines and spaces that precede it,
    /// so that a parser of the snippet reports the line numbers of the whole file.
    /// </summary>
    private readonly record struct NodeSpan(int Start, int End, int Line, int Column)
    {
        public string Text(string content) =>
            new StringBuilder()
                .Append('\n', Line - 1)
                .Append(' ', Column - 1)
                .Append(content, Start, End - Start)
                .ToString();
    }
}
