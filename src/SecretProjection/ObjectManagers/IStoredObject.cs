namespace SecretProjection.ObjectManagers;

/// <summary>An object of a store: found by namespace and name (<see cref="ObjectsByName{TObject}"/>), with its references.</summary>
internal interface IStoredObject
{
    /// <summary>The object's namespace, as the first pod that referred to it named it.</summary>
    string Namespace { get; }

    /// <summary>The object's name, likewise: the store keeps no key of its own.</summary>
    string Name { get; }

    /// <summary>The next object of the same bucket of the store's table.</summary>
    IStoredObject? NextByName { get; set; }

    /// <summary>The references from pods, kept in the object.</summary>
    ref ReferenceCounts References { get; }
}
