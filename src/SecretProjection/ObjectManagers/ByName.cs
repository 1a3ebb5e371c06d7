namespace SecretProjection.ObjectManagers;

/// <summary>
/// Equality of a store's objects by namespace and name, and their lookup by the pair
/// (<c>HashSet.GetAlternateLookup</c>): the objects hold both, so a store needs no key of its own per object.
/// </summary>
/// <typeparam name="TObject">The store's object type.</typeparam>
internal sealed class ByName<TObject> : IEqualityComparer<TObject>, IAlternateEqualityComparer<(string Namespace, string Name), TObject>
    where TObject : ReferencedObject
{
    public static ByName<TObject> Instance { get; } = new();

    /// <summary>A set of objects and its lookup by namespace and name.</summary>
    public static (HashSet<TObject> Set, HashSet<TObject>.AlternateLookup<(string Namespace, string Name)> Lookup) NewSet()
    {
        var set = new HashSet<TObject>(Instance);
        return (set, set.GetAlternateLookup<(string Namespace, string Name)>());
    }

    public bool Equals(TObject? x, TObject? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Equals((x.Namespace, x.Name), y));

    public int GetHashCode(TObject obj) => GetHashCode((obj.Namespace, obj.Name));

    public bool Equals((string Namespace, string Name) alternate, TObject other) =>
        string.Equals(alternate.Namespace, other.Namespace, StringComparison.Ordinal) && string.Equals(alternate.Name, other.Name, StringComparison.Ordinal);

    public int GetHashCode((string Namespace, string Name) alternate) =>
        HashCode.Combine(string.GetHashCode(alternate.Namespace, StringComparison.Ordinal), string.GetHashCode(alternate.Name, StringComparison.Ordinal));

    public TObject Create((string Namespace, string Name) alternate) =>
        throw new NotSupportedException("A store adds its objects whole.");
}
