namespace SecretProjection.Sources;

/// <summary>The answer to a list by name: the object, if it exists, and the list's resourceVersion.</summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class ObjectList<T>
    where T : class
{
    /// <summary>Initializes a new instance of the <see cref="ObjectList{T}"/> class.</summary>
    /// <param name="item">The object, or <see langword="null"/> when none has that name.</param>
    /// <param name="resourceVersion">The list's resourceVersion, from which a watch starts.</param>
    public ObjectList(T? item, string resourceVersion)
    {
        Item = item;
        ResourceVersion = resourceVersion;
    }

    /// <summary>The object, or <see langword="null"/> when none has that name.</summary>
    public T? Item { get; }

    /// <summary>The list's resourceVersion, from which a watch starts.</summary>
    public string ResourceVersion { get; }
}
