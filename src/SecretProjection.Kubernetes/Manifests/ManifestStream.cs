using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Reads manifests object by object from one pass of the parser over a text reader, so that time grows with the
/// input and memory with its largest object. Each object's events are held while it is read (its kind may
/// follow its data, as <c>kubectl</c> writes them), then dropped. The items of a <c>v1</c> <c>List</c> are objects
/// of their own, read as they come, so a list of any length is streamed too (<c>kubectl get -o yaml</c> writes
/// <c>kind: List</c> after the items). The first error ends the stream.
/// </summary>
internal sealed class ManifestStream
{
    private readonly BlockYamlParser _parser;
    private readonly string _source;
    private readonly ManifestReaderOptions _options;
    private readonly Queue<ManifestObject> _ready = new();
    private readonly List<ManifestWarning> _warnings = [];
    private readonly ObjectDecoder _decoder;

    // One buffer for the top level of the document being read and one for each object in it: an object is
    // read whole before the next one starts, and nothing read keeps events. They and the parser's buffers are the
    // thread's scratch, given back when the reading ends.
    private readonly ReaderScratch _scratch;
    private readonly EventBuffer _item;
    private readonly EventBuffer _node;
    private readonly DocumentLimits _limits = new();
    private readonly Document _current;
    private Document? _document;
    private bool _started;
    private bool _finished;

    public ManifestStream(TextReader reader, string source, ManifestReaderOptions options)
    {
        _scratch = ReaderScratch.Take();
        _parser = new BlockYamlParser(reader, _scratch);
        _item = _scratch.Item;
        _node = _scratch.Node;
        _source = source;
        _options = options;
        _decoder = new ObjectDecoder(source, _warnings);
        _current = new Document(_scratch.Top, _limits);
    }

    public IEnumerable<ManifestObject> ReadAll()
    {
        try
        {
            while (Next())
            {
                while (_ready.TryDequeue(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            _scratch.GiveBack(); // at the end, at the first error, or when the reader stops early
        }
    }

    /// <summary>Reads until at least one object is ready or the input ends.</summary>
    /// <exception cref="ManifestException">The input is not a readable manifest.</exception>
    private bool Next()
    {
        try
        {
            while (_ready.Count == 0 && !_finished)
            {
                Step();
            }

            return _ready.Count > 0;
        }
#pragma warning disable CA1031 // Untrusted text: the YAML library reports some malformed input with other exception types, whose messages say nothing a user can act on.
        catch (Exception e) when (e is not (ManifestException or IOException or OutOfMemoryException))
#pragma warning restore CA1031
        {
            _finished = true;
            throw e is YamlException yaml
                ? new ManifestException(_source, LineOf(yaml), Describe(yaml), e)
                : new ManifestException(_source, (int)_parser.CurrentLine, "not readable as YAML or JSON", e);
        }
        catch (ManifestException)
        {
            _finished = true;
            throw;
        }
    }

    /// <summary>One step: the start of a document, one top-level entry, one item of a List, or the end of a document.</summary>
    private void Step()
    {
        if (!_started)
        {
            _parser.Consume(YamlEventKind.StreamStart);
            _started = true;
        }

        if (_document is not { } document)
        {
            StartDocument();
            return;
        }

        var current = _parser.Current;
        if (document.InItems)
        {
            if (current.Kind == YamlEventKind.SequenceEnd)
            {
                document.Limits.Observe(current);
                _parser.MoveNext();
                document.InItems = false;
                return;
            }

            var item = _item.Reset(document.Limits);
            item.ReadNode(_parser);
            ReadObject(item, 0);
            return;
        }

        if (current.Kind == YamlEventKind.MappingEnd)
        {
            document.Top.Add(current);
            _parser.MoveNext();
            _parser.Consume(YamlEventKind.DocumentEnd);
            _document = null;
            EndDocument(document);
            return;
        }

        if (current is { Kind: YamlEventKind.Scalar, Value: "items" } && document.MayBeList)
        {
            _parser.MoveNext();
            if (_parser.Current.Kind == YamlEventKind.SequenceStart)
            {
                document.Limits.Observe(_parser.Current);
                _parser.MoveNext();
                document.InItems = true;
                document.ItemsLine ??= (int)current.Start.Line;
                return;
            }

            document.Top.Add(current);
        }
        else
        {
            document.Top.ReadNode(_parser);
        }

        var keyIndex = document.Top.Count - 1;
        var valueIndex = document.Top.Count;
        document.Top.ReadNode(_parser);
        ref readonly var key = ref document.Top[keyIndex];
        ref readonly var value = ref document.Top[valueIndex];
        if (key is { Kind: YamlEventKind.Scalar, Value: "apiVersion" or "kind" } && value.Kind == YamlEventKind.Scalar)
        {
            if (key.Value == "kind")
            {
                document.Kind = value.Value;
            }
            else
            {
                document.ApiVersion = value.Value;
            }
        }
    }

    private void StartDocument()
    {
        if (_parser.Accept(YamlEventKind.StreamEnd))
        {
            _finished = true;
            return;
        }

        _parser.Consume(YamlEventKind.DocumentStart);
        if (_parser.TryConsume(YamlEventKind.DocumentEnd))
        {
            return;
        }

        var limits = _limits.Reset();
        if (_parser.Current.Kind != YamlEventKind.MappingStart)
        {
            var node = _node.Reset(limits);
            node.ReadNode(_parser);
            _parser.Consume(YamlEventKind.DocumentEnd);
            if (YamlScalars.IsNull(node[0]))
            {
                return; // a document of nothing but null, or a comment
            }

            throw NotAnObject(node[0]);
        }

        var document = _current.Reset();
        document.Top.Add(_parser.Current);
        _parser.MoveNext();
        _document = document;
    }

    private void EndDocument(Document document)
    {
        if (document.ItemsLine is not { } itemsLine)
        {
            ReadObject(document.Top, 0);
        }
        else if (document.ApiVersion != "v1" || document.Kind?.EndsWith("List", StringComparison.Ordinal) != true)
        {
            // Its items were read as objects already: only a List holds objects as items.
            throw new ManifestException(_source, itemsLine, document.Kind is null || document.ApiVersion is null
                ? "object has no apiVersion or kind"
                : $"\"items\" belongs to a v1 List, and this object is a {document.Kind} in version \"{document.ApiVersion}\"");
        }
    }

    /// <summary>Reads the object at <paramref name="index"/> (or each item of a List held there) into the ready queue.</summary>
    private void ReadObject(EventBuffer events, int index)
    {
        ref readonly var first = ref events[index];
        if (YamlScalars.IsNull(first))
        {
            return;
        }

        if (first.Kind != YamlEventKind.MappingStart)
        {
            throw NotAnObject(first);
        }

        _warnings.Clear();
        var decoder = _decoder.Start(events);
        string? apiVersion = null, kind = null;
        int metadata = -1, items = -1;
        var entries = decoder.Entries(index);
        for (var e = entries.Start; e < entries.End; e++)
        {
            var entry = decoder.EntryAt(e);
            switch (entry.Key)
            {
                case "apiVersion":
                    apiVersion = decoder.ScalarAt(entry.ValueIndex);
                    break;
                case "kind":
                    kind = decoder.ScalarAt(entry.ValueIndex);
                    break;
                case "metadata":
                    metadata = entry.ValueIndex;
                    break;
                case "items":
                    items = entry.ValueIndex;
                    break;
            }
        }

        decoder.Release(entries);

        var line = (int)first.Start.Line;
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            throw new ManifestException(_source, line, "object has no apiVersion or kind");
        }

        if (apiVersion == "v1" && kind.EndsWith("List", StringComparison.Ordinal))
        {
            if (items >= 0 && events[items].Kind == YamlEventKind.SequenceStart)
            {
                for (var i = items + 1; events[i].Kind != YamlEventKind.SequenceEnd; i = events.Skip(i))
                {
                    ReadObject(events, i);
                }
            }

            return;
        }

        var reader = ManifestKinds.Find(apiVersion, kind);
        var (name, ns) = NameOf(decoder, events, metadata, line, reader?.ClusterScoped == true);
        object? model = null;
        if (reader is not null)
        {
            model = reader.Read(decoder, index, ns);
        }
        else if (!ManifestKinds.IsKnown(apiVersion, kind))
        {
            _warnings.Add(new ManifestWarning(_source, line, null, $"no matches for kind \"{kind}\" in version \"{apiVersion}\""));
        }

        _ready.Enqueue(new ManifestObject(reader?.Kind ?? kind, reader?.ClusterScoped == true ? name : ns + "/" + name, _source, line, model)
        {
            PodTemplatePath = reader?.PodTemplatePath,
            Warnings = _warnings.Count == 0 ? [] : [.. _warnings],
        });
    }

    private (string Name, string Namespace) NameOf(ObjectDecoder decoder, EventBuffer events, int metadata, int line, bool clusterScoped)
    {
        string? name = null, ns = null;
        if (metadata >= 0 && events[metadata].Kind == YamlEventKind.MappingStart)
        {
            var entries = decoder.Entries(metadata);
            for (var e = entries.Start; e < entries.End; e++)
            {
                var entry = decoder.EntryAt(e);
                if (entry.Key == "name")
                {
                    name = decoder.ScalarAt(entry.ValueIndex);
                }
                else if (entry.Key == "namespace")
                {
                    ns = decoder.ScalarAt(entry.ValueIndex);
                }
            }

            decoder.Release(entries);
        }

        if (clusterScoped)
        {
            ns = string.Empty; // as kubectl: a cluster-scoped object has no namespace, whatever -n says
        }
        else if (string.IsNullOrEmpty(ns))
        {
            ns = _options.Namespace ?? "default";
        }
        else if (_options.Namespace is { } given && given != ns)
        {
            throw new ManifestException(_source, line, $"the namespace from the provided object \"{ns}\" does not match the namespace \"{given}\". You must pass '--namespace={ns}' to perform this operation.");
        }

        return (name ?? string.Empty, ns);
    }

    private ManifestException NotAnObject(in YamlEvent at) =>
        new(_source, (int)at.Start.Line, "a manifest document must be an object with apiVersion and kind");

    /// <summary>
    /// The line of a YAML error. A few of the scanner's errors carry no position (a tab used as indentation), so
    /// those are placed where the scanner stopped.
    /// </summary>
    private int LineOf(YamlException e) =>
        (int)(e.Start.Index == 0 && e.End.Index == 0 ? _parser.CurrentLine : e.Start.Line);

    /// <summary>YamlDotNet's message without the marks it puts first (the reader reports the line its own way).</summary>
    internal static string Describe(YamlException e) =>
        e.Message.Replace($"({e.Start}) - ({e.End}): ", string.Empty, StringComparison.Ordinal);

    /// <summary>
    /// The top-level document being read: its entries so far, and whether it is (still) a List. One is reused from
    /// document to document, as are its buffer and limits.
    /// </summary>
    private sealed class Document(EventBuffer top, DocumentLimits limits)
    {
        /// <summary>Starts the next document.</summary>
        public Document Reset()
        {
            Top.Reset(Limits);
            ApiVersion = null;
            Kind = null;
            InItems = false;
            ItemsLine = null;
            return this;
        }

        public EventBuffer Top { get; } = top;

        public DocumentLimits Limits { get; } = limits;

        public string? ApiVersion { get; set; }

        public string? Kind { get; set; }

        /// <summary>Whether the parser is inside the document's <c>items</c>.</summary>
        public bool InItems { get; set; }

        /// <summary>The line of <c>items</c>, once items were read as objects.</summary>
        public int? ItemsLine { get; set; }

        /// <summary>Whether what is known of the document so far allows it to be a <c>v1</c> <c>List</c>.</summary>
        public bool MayBeList => ApiVersion is null or "v1" && (Kind is null || Kind.EndsWith("List", StringComparison.Ordinal));
    }
}
