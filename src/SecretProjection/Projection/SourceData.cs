using System.Text;
using SecretProjection.Model;

namespace SecretProjection.Projection;

/// <summary>The keys of a Secret or ConfigMap as the volume plugins read them.</summary>
internal sealed class SourceData
{
    private static readonly IReadOnlyDictionary<string, string> NoStrings = new Dictionary<string, string>(StringComparer.Ordinal);

    private readonly DataMap _data;
    private readonly IReadOnlyDictionary<string, string> _strings;

    private SourceData(DataMap data, IReadOnlyDictionary<string, string> strings, bool immutable)
    {
        _data = data;
        _strings = strings;
        Immutable = immutable;
    }

    /// <summary>Whether the object is immutable.</summary>
    public bool Immutable { get; }

    public static SourceData Of(Secret secret) => new(secret.Data, NoStrings, secret.Immutable);

    public static SourceData Of(ConfigMap configMap) => new(configMap.BinaryData, configMap.Data, configMap.Immutable);

    /// <summary>A missing optional object: the plugins go on with an empty one.</summary>
    public static SourceData Missing { get; } = new(DataMap.Empty, NoStrings, immutable: false);

    /// <summary>
    /// Every key, in the order the ConfigMap plugin writes them: <c>data</c>, then <c>binaryData</c>, so that a
    /// key in both ends up with its binary value.
    /// </summary>
    public IEnumerable<KeyValuePair<string, ReadOnlyMemory<byte>>> All()
    {
        foreach (var (key, value) in _strings.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            yield return KeyValuePair.Create(key, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(value));
        }

        foreach (var entry in _data)
        {
            yield return entry;
        }
    }

    /// <summary>One key, looked up as the ConfigMap plugin does for <c>items</c>: <c>data</c> first, then <c>binaryData</c>.</summary>
    public bool TryGet(string key, out ReadOnlyMemory<byte> value)
    {
        if (_strings.TryGetValue(key, out var text))
        {
            value = Encoding.UTF8.GetBytes(text);
            return true;
        }

        return _data.TryGetValue(key, out value);
    }
}
