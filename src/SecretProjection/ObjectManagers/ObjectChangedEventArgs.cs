using System.Diagnostics;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>A watched object changed: it was added, modified or deleted, or a relist found it different.</summary>
public sealed class ObjectChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="object">The object that changed.</param>
    /// <param name="resourceVersion">Its resourceVersion now; <see langword="null"/> when it no longer exists.</param>
    public ObjectChangedEventArgs(ObjectReference @object, string? resourceVersion)
    {
        Object = @object;
        ResourceVersion = resourceVersion;
    }

    /// <summary>The object that changed.</summary>
    public ObjectReference Object { get; }

    /// <summary>Its resourceVersion now; <see langword="null"/> when it no longer exists.</summary>
    public string? ResourceVersion { get; }

    /// <summary>
    /// The <c>secretprojection.object.change</c> span of this change, which the projections it causes link to;
    /// <see langword="default"/> when nothing listens to the <c>SecretProjection</c> activity source.
    /// </summary>
    public ActivityContext Context { get; init; }
}
