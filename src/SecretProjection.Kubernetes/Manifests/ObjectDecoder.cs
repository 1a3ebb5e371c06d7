using System.Collections;
using System.Globalization;
using System.Text;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Decodes one object's events into KubernetesClient's model types, field by field as their JSON names them,
/// in one pass and with the API server's strict field validation: an unknown field is a warning with its
/// path (<c>unknown field "spec.containers[0].nmae"</c>), a repeated key, a value of the wrong type or bad
/// base64 is an error with its path and line (<c>data[password]: illegal base64 data at input byte 3</c>).
/// Errors never quote values.
/// </summary>
internal sealed class ObjectDecoder
{
    private const string MergeKey = "<<";

    private readonly string _source;
    private readonly List<ManifestWarning> _warnings;
    private EventBuffer _events = null!;

    // The entries of the mappings being read, innermost last, and the field path: stacks reused from object to
    // object, so reading an object allocates no decoder state.
    private Entry[] _entries = new Entry[32];
    private int _entryCount;
    private Segment[] _path = new Segment[16];
    private int _pathCount;

    public ObjectDecoder(string source, List<ManifestWarning> warnings)
    {
        _source = source;
        _warnings = warnings;
    }

    /// <summary>Starts on the events of the next object.</summary>
    public ObjectDecoder Start(EventBuffer events)
    {
        _events = events;
        _entryCount = 0;
        _pathCount = 0;
        return this;
    }

    /// <summary>The entry at a position of a range that <see cref="Entries"/> returned.</summary>
    public Entry EntryAt(int position) => _entries[position];

    /// <summary>Gives back the entries of <paramref name="range"/> and of every range taken after it.</summary>
    public void Release(EntryRange range) => _entryCount = range.Start;

    /// <summary>Decodes the node at <paramref name="index"/> as a <typeparamref name="T"/>.</summary>
    /// <exception cref="YamlException">A value cannot be read as its field's type.</exception>
    public T Decode<T>(int index)
        where T : class, new() => (T?)Read(index, TypeShape.For(typeof(T))) ?? new T();

    /// <summary>
    /// The entries of the mapping at <paramref name="index"/>, keys merged from <c>&lt;&lt;</c> included (an
    /// explicit key wins, then the earlier merged mapping): positions for <see cref="EntryAt"/>, valid until the
    /// range is released (<see cref="Release"/>). Ranges nest: one taken while another is read lies after it.
    /// </summary>
    /// <exception cref="YamlException">A key is not a string, or is repeated.</exception>
    public EntryRange Entries(int index)
    {
        var start = _entryCount;
        HashSet<string>? keys = null; // past a few keys, a set finds repeats (a map may hold 100,000)
        List<int>? merges = null;
        var i = index + 1;
        while (_events[i].Kind != YamlEventKind.MappingEnd)
        {
            var keyIndex = i;
            var key = KeyAt(keyIndex);
            i = _events.Skip(i);
            if (key == MergeKey && _events[keyIndex].ScalarStyle == ScalarStyle.Plain)
            {
                (merges ??= []).Add(i);
            }
            else
            {
                if (Contains(start, ref keys, key))
                {
                    throw Error(_events[keyIndex], $"key \"{key}\" already set in map");
                }

                Push(new Entry(key, keyIndex, i));
                keys?.Add(key);
            }

            i = _events.Skip(i);
        }

        if (merges is not null)
        {
            Merge(start, merges, keys);
        }

        return new EntryRange(start, _entryCount);
    }

    private void Push(Entry entry) => ArrayStack.Push(ref _entries, ref _entryCount, entry);

    /// <summary>Whether the entries from <paramref name="start"/> on have this key.</summary>
    private bool Contains(int start, ref HashSet<string>? keys, string key)
    {
        if (keys is null && _entryCount - start > 8)
        {
            keys = new HashSet<string>(StringComparer.Ordinal);
            for (var e = start; e < _entryCount; e++)
            {
                keys.Add(_entries[e].Key);
            }
        }

        if (keys is not null)
        {
            return keys.Contains(key);
        }

        for (var e = start; e < _entryCount; e++)
        {
            if (_entries[e].Key == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string value of a scalar, or null when the node is not one.</summary>
    public string? ScalarAt(int index)
    {
        ref readonly var target = ref _events[Resolve(index)];
        return target.Kind == YamlEventKind.Scalar && !YamlScalars.IsNull(target) ? target.Value : null;
    }

    private object? Read(int index, TypeShape shape)
    {
        index = Resolve(index);
        ref readonly var current = ref _events[index];
        switch (shape.Kind)
        {
            case ShapeKind.Any:
                return null;
            case ShapeKind.Object:
                return ReadObject(index, shape);
            case ShapeKind.List:
                return YamlScalars.IsNull(current) ? null : ReadList(index, shape);
            case ShapeKind.Map:
                return YamlScalars.IsNull(current) ? null : ReadMap(index, shape);
            default:
                return current.Kind == YamlEventKind.Scalar ? ReadScalar(current, shape) : throw Error(current, $"expected {Expected(shape)}, not {Describe(current)}");
        }
    }

    /// <summary>
    /// For a reader that takes an object's fields itself (<see cref="Field"/>, <see cref="Value"/>): the entries
    /// of the object at <paramref name="index"/>, or false when it is null.
    /// </summary>
    /// <exception cref="YamlException">The node is not an object, or a key is repeated.</exception>
    public bool TryObject(int index, out EntryRange entries)
    {
        index = Resolve(index);
        entries = default;
        if (YamlScalars.IsNull(_events[index]))
        {
            return false;
        }

        if (_events[index].Kind != YamlEventKind.MappingStart)
        {
            throw Error(_events[index], $"expected an object, not {Describe(_events[index])}");
        }

        entries = Entries(index);
        return true;
    }

    /// <summary>The field of <paramref name="shape"/> an entry sets; null, and a warning, when it has none of that name.</summary>
    public FieldShape? Field(TypeShape shape, Entry entry)
    {
        if (shape.Fields.TryGetValue(entry.Key, out var field))
        {
            return field;
        }

        PushPath(Segment.Field(entry.Key));
        var path = PathText();
        _pathCount--;
        _warnings.Add(new ManifestWarning(_source, (int)_events[entry.KeyIndex].Start.Line, path, $"unknown field \"{path}\""));
        return null;
    }

    /// <summary>The value of an entry, read as its field's type; null for null.</summary>
    /// <exception cref="YamlException">The value cannot be read as the field's type.</exception>
    public object? Value(FieldShape field, Entry entry)
    {
        EnterField(entry.Key);
        var value = Read(entry.ValueIndex, field.Shape);
        LeaveField();
        return value;
    }

    /// <summary>
    /// The value of an entry whose field is a map, as its pairs in input order: for a reader that copies them into
    /// the model, without a dictionary. Read and checked as <see cref="Value"/> reads a map; null for null.
    /// </summary>
    /// <exception cref="YamlException">The value is not a map of the field's values.</exception>
    public KeyValuePair<string, TValue>[]? Pairs<TValue>(FieldShape field, Entry entry)
        where TValue : class
    {
        EnterField(entry.Key);
        var index = Resolve(entry.ValueIndex);
        KeyValuePair<string, TValue>[]? pairs = null;
        if (!YamlScalars.IsNull(_events[index]))
        {
            if (_events[index].Kind != YamlEventKind.MappingStart)
            {
                throw Error(_events[index], $"expected a map, not {Describe(_events[index])}");
            }

            var entries = Entries(index);
            var count = 0;
            pairs = new KeyValuePair<string, TValue>[entries.End - entries.Start];
            for (var e = entries.Start; e < entries.End; e++)
            {
                var item = _entries[e];
                if (MapValue(item, field.Shape.Element) is { } value)
                {
                    pairs[count++] = new(item.Key, (TValue)value);
                }
            }

            Release(entries);
            if (count < pairs.Length)
            {
                var read = new KeyValuePair<string, TValue>[count];
                Array.Copy(pairs, read, count);
                pairs = read;
            }
        }

        LeaveField();
        return pairs;
    }

    /// <summary>Adds a field to the path of what is read next.</summary>
    public void EnterField(string name) => PushPath(Segment.Field(name));

    /// <summary>Removes the last field added by <see cref="EnterField"/>.</summary>
    public void LeaveField() => _pathCount--;

    private object? ReadObject(int index, TypeShape shape)
    {
        if (!TryObject(index, out var entries))
        {
            return null;
        }

        var target = Activator.CreateInstance(shape.Constructed)!;
        for (var e = entries.Start; e < entries.End; e++)
        {
            var entry = _entries[e];
            if (Field(shape, entry) is { } field && Value(field, entry) is { } value)
            {
                field.Set(target, value);
            }
        }

        Release(entries);
        return target;
    }

    private object ReadList(int index, TypeShape shape)
    {
        if (_events[index].Kind != YamlEventKind.SequenceStart)
        {
            throw Error(_events[index], $"expected a list, not {Describe(_events[index])}");
        }

        var list = (IList)Activator.CreateInstance(shape.Constructed)!;
        var i = index + 1;
        while (_events[i].Kind != YamlEventKind.SequenceEnd)
        {
            PushPath(Segment.At(list.Count));
            list.Add(Read(i, shape.Element) ?? ZeroOf(shape.Element));
            _pathCount--;
            i = _events.Skip(i);
        }

        return list;
    }

    private object ReadMap(int index, TypeShape shape)
    {
        if (_events[index].Kind != YamlEventKind.MappingStart)
        {
            throw Error(_events[index], $"expected a map, not {Describe(_events[index])}");
        }

        var map = Activator.CreateInstance(shape.Constructed)!;
        var entries = Entries(index);
        for (var e = entries.Start; e < entries.End; e++)
        {
            var entry = _entries[e];
            var value = MapValue(entry, shape.Element);
            if (value is null)
            {
                continue;
            }

            // The maps of manifests (data, labels, annotations) are of strings or bytes: added without the
            // non-generic interface's checks.
            switch (map)
            {
                case Dictionary<string, string> strings:
                    strings.Add(entry.Key, (string)value);
                    break;
                case Dictionary<string, byte[]> bytes:
                    bytes.Add(entry.Key, (byte[])value);
                    break;
                default:
                    ((IDictionary)map).Add(entry.Key, value);
                    break;
            }
        }

        Release(entries);
        return map;
    }

    private object? MapValue(Entry entry, TypeShape element)
    {
        PushPath(Segment.Key(entry.Key));
        var value = Read(entry.ValueIndex, element) ?? ZeroOf(element);
        _pathCount--;
        return value;
    }

    private object? ReadScalar(in YamlEvent scalar, TypeShape shape)
    {
        if (YamlScalars.IsNull(scalar))
        {
            return null;
        }

        switch (shape.Kind)
        {
            case ShapeKind.String:
                return YamlScalars.NonString(scalar) is { } other ? throw Error(scalar, $"expected a string, not {other} (quote the value)") : scalar.Value;
            case ShapeKind.Int32:
                return YamlScalars.TryInteger(scalar, out var int32) && int32 is >= int.MinValue and <= int.MaxValue
                    ? (int)int32
                    : throw Error(scalar, "expected an integer (int32)");
            case ShapeKind.Int64:
                return YamlScalars.TryInteger(scalar, out var int64) ? int64 : throw Error(scalar, "expected an integer (int64)");
            case ShapeKind.Boolean:
                return YamlScalars.TryBoolean(scalar, out var boolean) ? boolean : throw Error(scalar, "expected true or false");
            case ShapeKind.Double:
                return YamlScalars.TryNumber(scalar, out var number) ? number : throw Error(scalar, "expected a number");
            case ShapeKind.DateTime:
                return DateTime.TryParse(scalar.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                    ? time
                    : throw Error(scalar, "expected a time in RFC 3339 form");
            case ShapeKind.IntOrString:
                return YamlScalars.TryInteger(scalar, out var integer) && integer is >= int.MinValue and <= int.MaxValue ? (IntOrString)(int)integer : (IntOrString)scalar.Value;
            case ShapeKind.Quantity:
                return ReadQuantity(scalar);
            default:
                return GoBase64.TryDecode(scalar.Value, out var bytes, out var offset)
                    ? bytes
                    : throw Error(scalar, string.Create(CultureInfo.InvariantCulture, $"illegal base64 data at input byte {offset}"));
        }
    }

    private ResourceQuantity ReadQuantity(in YamlEvent scalar)
    {
        try
        {
            return new ResourceQuantity(scalar.Value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw Error(scalar, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
    }

    /// <summary>Adds the entries of the merged mappings that no explicit key (or earlier merge) set.</summary>
    private void Merge(int start, List<int> merges, HashSet<string>? keys)
    {
        var sources = new List<int>();
        foreach (var merge in merges)
        {
            var value = Resolve(merge);
            if (_events[value].Kind == YamlEventKind.SequenceStart)
            {
                for (var i = value + 1; _events[i].Kind != YamlEventKind.SequenceEnd; i = _events.Skip(i))
                {
                    sources.Add(Resolve(i));
                }
            }
            else
            {
                sources.Add(value);
            }
        }

        foreach (var source in sources)
        {
            if (_events[source].Kind != YamlEventKind.MappingStart)
            {
                throw Error(_events[source], "map merge requires map or sequence of maps as the value");
            }

            // The merged mapping's entries are taken after this mapping's: copied out before they are added to it.
            var range = Entries(source);
            var merged = new Entry[range.End - range.Start];
            Array.Copy(_entries, range.Start, merged, 0, merged.Length);
            Release(range);
            foreach (var entry in merged)
            {
                if (!Contains(start, ref keys, entry.Key))
                {
                    Push(entry);
                    keys?.Add(entry.Key);
                }
            }
        }
    }

    private string KeyAt(int index)
    {
        ref readonly var target = ref _events[Resolve(index)];
        return target.Kind == YamlEventKind.Scalar ? target.Value : throw Error(_events[index], "a mapping key must be a string");
    }

    /// <summary>The node an alias stands for, or the node itself.</summary>
    private int Resolve(int index) => _events[index].Kind == YamlEventKind.Alias ? _events.AliasTarget(index) : index;

    private static object? ZeroOf(TypeShape shape) => shape.Kind switch
    {
        ShapeKind.String => string.Empty,
        ShapeKind.Bytes => Array.Empty<byte>(),
        _ when shape.Type.IsValueType && Nullable.GetUnderlyingType(shape.Type) is null => Activator.CreateInstance(shape.Type),
        _ => null,
    };

    private static string Expected(TypeShape shape) => shape.Kind switch
    {
        ShapeKind.Int32 or ShapeKind.Int64 => "an integer",
        ShapeKind.Boolean => "true or false",
        ShapeKind.Double => "a number",
        ShapeKind.DateTime => "a time",
        ShapeKind.Quantity => "a quantity",
        _ => "a string",
    };

    private static string Describe(in YamlEvent current) => current.Kind switch
    {
        YamlEventKind.MappingStart => "a mapping",
        YamlEventKind.SequenceStart => "a list",
        _ => "a scalar",
    };

    private YamlException Error(in YamlEvent at, string problem)
    {
        var path = PathText();
        return at.Error(path.Length == 0 ? problem : path + ": " + problem);
    }

    private void PushPath(Segment segment) => ArrayStack.Push(ref _path, ref _pathCount, segment);

    private string PathText()
    {
        var text = new StringBuilder();
        for (var s = 0; s < _pathCount; s++)
        {
            var segment = _path[s];
            if (segment.Name is { } name)
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(name);
            }
            else if (segment.MapKey is { } key)
            {
                text.Append('[').Append(key).Append(']');
            }
            else
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return text.ToString();
    }

    /// <summary>One entry of a mapping: its key and where its key and value nodes start.</summary>
    internal readonly record struct Entry(string Key, int KeyIndex, int ValueIndex);

    /// <summary>The positions of a mapping's entries, from <see cref="Start"/> to before <see cref="End"/>.</summary>
    internal readonly record struct EntryRange(int Start, int End);

    /// <summary>One step of a field path: a field (<c>.name</c>), a map key (<c>[key]</c>) or a list index (<c>[0]</c>).</summary>
    private readonly record struct Segment(string? Name, string? MapKey, int Index)
    {
        public static Segment Field(string name) => new(name, null, 0);

        public static Segment Key(string key) => new(null, key, 0);

        public static Segment At(int index) => new(null, null, index);
    }
}
