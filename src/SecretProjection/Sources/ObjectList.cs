namespace SecretProjection.Sources;

/// <summary>The answer to a list by name: the object, if it exists, and the list's resourceVersion.</summary>
/// <typeparam name="T">The object type.</typeparam>
/// <param name="Item">The object, or <see langword="null"/> when none has that name.</param>
/// <param name="ResourceVersion">The list's resourceVersion, from which a watch starts.</param>
public sealed record ObjectList<T>(T? Item, string ResourceVersion)
    where T : class;
