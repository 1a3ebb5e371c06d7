using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>How a KubernetesClient model type is read from a YAML node.</summary>
internal enum ShapeKind
{
    /// <summary>Anything the manifest reader does not need (<c>object</c> fields): the node is skipped.</summary>
    Any,
    String,
    Int32,
    Int64,
    Boolean,
    Double,
    DateTime,
    IntOrString,
    Quantity,

    /// <summary>A <c>[]byte</c> field: standard base64.</summary>
    Bytes,
    List,
    Map,
    Object,
}

/// <summary>
/// The shape of a KubernetesClient model type as its JSON names it (<c>[JsonPropertyName]</c>): the fields of an
/// object, the element of a list or map. Built once per type, on first use.
/// </summary>
internal sealed class TypeShape
{
    private static readonly ConcurrentDictionary<Type, TypeShape> Shapes = new();

    private readonly Lazy<Dictionary<string, FieldShape>> _fields;
    private readonly Lazy<TypeShape?> _element;

    private TypeShape(Type type)
    {
        Type = type;
        Kind = KindOf(type);
        _fields = new(() => FieldsOf(type));
        _element = new(() => Kind is ShapeKind.List or ShapeKind.Map ? For(type.GetGenericArguments()[^1]) : null);
        if (Kind is ShapeKind.List or ShapeKind.Map)
        {
            var arguments = type.GetGenericArguments();
            Constructed = Kind == ShapeKind.List ? typeof(List<>).MakeGenericType(arguments) : typeof(Dictionary<,>).MakeGenericType(arguments);
        }
        else
        {
            Constructed = type;
        }
    }

    public Type Type { get; }

    public ShapeKind Kind { get; }

    /// <summary>The type created for the value: <c>List&lt;T&gt;</c> for <c>IList&lt;T&gt;</c>, and so on.</summary>
    public Type Constructed { get; }

    /// <summary>The fields of an object, by their JSON name.</summary>
    public Dictionary<string, FieldShape> Fields => _fields.Value;

    /// <summary>The element of a list, or the value of a map.</summary>
    public TypeShape Element => _element.Value!;

    public static TypeShape For(Type type) => Shapes.GetOrAdd(type, static t => new TypeShape(t));

    private static ShapeKind KindOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return ShapeKind.String;
        }

        if (t == typeof(int))
        {
            return ShapeKind.Int32;
        }

        if (t == typeof(long))
        {
            return ShapeKind.Int64;
        }

        if (t == typeof(bool))
        {
            return ShapeKind.Boolean;
        }

        if (t == typeof(double))
        {
            return ShapeKind.Double;
        }

        if (t == typeof(DateTime))
        {
            return ShapeKind.DateTime;
        }

        if (t == typeof(IntOrString))
        {
            return ShapeKind.IntOrString;
        }

        if (t == typeof(ResourceQuantity))
        {
            return ShapeKind.Quantity;
        }

        if (t == typeof(byte[]))
        {
            return ShapeKind.Bytes;
        }

        if (t.IsGenericType)
        {
            var definition = t.GetGenericTypeDefinition();
            if (definition == typeof(IList<>) || definition == typeof(List<>))
            {
                return ShapeKind.List;
            }

            if ((definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>)) && t.GetGenericArguments()[0] == typeof(string))
            {
                return ShapeKind.Map;
            }
        }

        return t.IsClass && t.Namespace == typeof(V1Pod).Namespace && t.GetConstructor(Type.EmptyTypes) is not null ? ShapeKind.Object : ShapeKind.Any;
    }

    private static Dictionary<string, FieldShape> FieldsOf(Type type)
    {
        var fields = new Dictionary<string, FieldShape>(StringComparer.Ordinal);
        if (KindOf(type) != ShapeKind.Object)
        {
            return fields;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } json && property.CanWrite)
            {
                fields[json.Name] = new FieldShape(json.Name, property);
            }
        }

        return fields;
    }
}

/// <summary>One field of an object: its JSON name and the property it sets.</summary>
internal sealed class FieldShape(string name, PropertyInfo property)
{
    private static readonly MethodInfo CreateSetterMethod = typeof(FieldShape).GetMethod(nameof(CreateSetter), BindingFlags.NonPublic | BindingFlags.Static)!;

    private TypeShape? _shape;
    private Action<object, object?>? _set;

    public string Name { get; } = name;

    public TypeShape Shape => _shape ??= TypeShape.For(property.PropertyType);

    /// <summary>
    /// Sets the field through a delegate to its setter, made on first use (a reflection call per field read costs
    /// more). The maker is called through a delegate too: a reflection call of it would have the runtime emit an
    /// invoke stub, which loads the code emitter into every run of the tool.
    /// </summary>
    public void Set(object target, object? value) =>
        (_set ??= CreateSetterMethod.MakeGenericMethod(property.DeclaringType!, property.PropertyType).CreateDelegate<Func<PropertyInfo, Action<object, object?>>>()(property))(target, value);

    private static Action<object, object?> CreateSetter<TTarget, TValue>(PropertyInfo property)
    {
        var set = property.SetMethod!.CreateDelegate<Action<TTarget, TValue>>();
        return (target, value) => set((TTarget)target, (TValue)value!);
    }
}
