using System.Globalization;
using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// The parser's events of one object (a document, or an item of a <c>List</c>), held while the object is decoded:
/// its kind may come after its data, as <c>kubectl</c> writes it. Events keep their marks, so every line reported
/// is a line of the whole input. Aliases are resolved here once: each points at the index of its anchored node;
/// an alias to a node that is still open (a recursive alias) or to no anchor is refused. A buffer is reused from
/// one object to the next (<see cref="Reset"/>) and holds its events as structs (<see cref="YamlEvent"/>), so reading
/// allocates for the values read, not per event or per object.
/// </summary>
internal sealed class EventBuffer
{
    private readonly ValueList<YamlEvent> _events = new();
    private OpenNode[] _open = new OpenNode[16]; // a stack of the collections still open, innermost last
    private int _openCount;
    private DocumentLimits _limits = new();
    private Dictionary<string, AnchoredNode>? _anchors;
    private Dictionary<int, int>? _aliasTargets;
    private long _size;
    private long _text;

    public int Count => _events.Count;

    public ref readonly YamlEvent this[int index] => ref _events[index];

    /// <summary>Empties the buffer for the next object, in a document with these limits.</summary>
    public EventBuffer Reset(DocumentLimits limits)
    {
        _events.Clear();
        Array.Clear(_open);
        _openCount = 0;
        _anchors?.Clear();
        _aliasTargets?.Clear();
        _size = 0;
        _text = 0;
        _limits = limits;
        return this;
    }

    /// <summary>Drops the events held, so that a buffer kept for another stream keeps none of them alive.</summary>
    public void Clear() => Reset(_limits);

    /// <summary>The index of the node an alias at <paramref name="aliasIndex"/> stands for.</summary>
    public int AliasTarget(int aliasIndex) => _aliasTargets![aliasIndex];

    /// <summary>Reads one whole node (a scalar, an alias, or a collection with its contents) from the parser.</summary>
    /// <exception cref="YamlException">The text is malformed, or a limit is exceeded.</exception>
    public void ReadNode(BlockYamlParser parser)
    {
        var depth = 0;
        do
        {
            ref readonly var current = ref parser.Current;
            if (current.Kind == YamlEventKind.None)
            {
                throw new YamlException("unexpected end of the input");
            }

            Add(current);
            depth += current.NestingIncrease;
            parser.MoveNext();
        }
        while (depth > 0);
    }

    /// <summary>Adds one event: its limits are checked, its anchor recorded, its alias resolved.</summary>
    public void Add(in YamlEvent current)
    {
        _limits.Observe(current);

        // The text the object's own events span: a List's items are objects of their own, read between its keys.
        _text += current.Kind == YamlEventKind.Scalar ? current.End.Index - current.Start.Index : 1;
        if (_text > DocumentLimits.MaxObjectSize)
        {
            throw current.Error(string.Create(CultureInfo.InvariantCulture, $"the object is larger than {DocumentLimits.MaxObjectSize} bytes, the most the API server accepts in one request"));
        }

        var index = _events.Count;
        _events.Add(current);

        // The size of the object as a decoder sees it: every alias counts as the node it stands for.
        switch (current.Kind)
        {
            case YamlEventKind.Scalar:
                _size += 1 + current.Value.Length;
                if (current.Anchor is { } name)
                {
                    Anchor(name, index, 1 + current.Value.Length);
                }

                break;
            case YamlEventKind.MappingStart or YamlEventKind.SequenceStart:
                ArrayStack.Push(ref _open, ref _openCount, new OpenNode(current.Anchor, index, _size));
                _size++;
                break;
            case YamlEventKind.MappingEnd or YamlEventKind.SequenceEnd:
                var open = _open[--_openCount];
                _size++;
                if (open.Anchor is { } opened)
                {
                    Anchor(opened, open.Index, _size - open.Size);
                }

                break;
            case YamlEventKind.Alias:
                Resolve(current, index);
                break;
        }
    }

    /// <summary>The index just past the node that starts at <paramref name="index"/>.</summary>
    public int Skip(int index)
    {
        var depth = 0;
        do
        {
            depth += _events[index].NestingIncrease;
            index++;
        }
        while (depth > 0);

        return index;
    }

    private void Anchor(string name, int index, long size)
    {
        _anchors ??= new(StringComparer.Ordinal);
        _anchors[name] = new AnchoredNode(index, size);
    }

    private void Resolve(in YamlEvent alias, int index)
    {
        var name = alias.Value;
        for (var i = 0; i < _openCount; i++)
        {
            if (_open[i].Anchor == name)
            {
                throw alias.Error($"alias *{name} is inside the node it names (a recursive alias)");
            }
        }

        if (_anchors is null || !_anchors.TryGetValue(name, out var anchored))
        {
            throw alias.Error($"unknown anchor '{name}' referenced");
        }

        _size += anchored.Size;
        _limits.AddAlias(alias, anchored.Size);
        _aliasTargets ??= [];
        _aliasTargets[index] = anchored.Index;
    }

    private readonly record struct OpenNode(string? Anchor, int Index, long Size);

    private readonly record struct AnchoredNode(int Index, long Size);
}
