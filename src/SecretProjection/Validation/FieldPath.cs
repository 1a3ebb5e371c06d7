using System.Text;

namespace SecretProjection.Validation;

/// <summary>
/// A Kubernetes-style path to a field: <c>spec.volumes[0].secret.items[1].path</c>, <c>data[bad key]</c>.
/// </summary>
public sealed class FieldPath
{
    private readonly FieldPath? _parent;
    private readonly string _segment;
    private readonly bool _subscript;

    private FieldPath(FieldPath? parent, string segment, bool subscript)
    {
        _parent = parent;
        _segment = segment;
        _subscript = subscript;
    }

    /// <summary>A path that starts at a field.</summary>
    /// <param name="name">The first field name.</param>
    /// <param name="more">Further field names.</param>
    /// <returns>The path.</returns>
    public static FieldPath Root(string name, params string[] more)
    {
        var path = new FieldPath(null, name, subscript: false);
        foreach (var m in more)
        {
            path = path.Child(m);
        }

        return path;
    }

    /// <summary>A field of this one: <c>a.b</c>.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The path.</returns>
    public FieldPath Child(string name) => new(this, name, subscript: false);

    /// <summary>An element of this list: <c>a[3]</c>.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The path.</returns>
    public FieldPath Index(int index) => new(this, index.ToString(System.Globalization.CultureInfo.InvariantCulture), subscript: true);

    /// <summary>An entry of this map: <c>a[key]</c>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The path.</returns>
    public FieldPath Key(string key) => new(this, key, subscript: true);

    /// <summary>The path as the API server prints it.</summary>
    /// <returns>The path.</returns>
    public override string ToString()
    {
        var segments = new Stack<FieldPath>();
        for (var p = this; p is not null; p = p._parent)
        {
            segments.Push(p);
        }

        var builder = new StringBuilder();
        foreach (var p in segments)
        {
            if (p._subscript)
            {
                builder.Append('[').Append(p._segment).Append(']');
            }
            else
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(p._segment);
            }
        }

        return builder.ToString();
    }
}
