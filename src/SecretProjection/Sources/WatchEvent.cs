namespace SecretProjection.Sources;

/// <summary>One event of a watch.</summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class WatchEvent<T>
    where T : class
{
    /// <summary>Initializes a new instance of the <see cref="WatchEvent{T}"/> class.</summary>
    /// <param name="type">The event type.</param>
    /// <param name="object">The object, for <see cref="WatchEventType.Added"/>, <see cref="WatchEventType.Modified"/>
    /// and <see cref="WatchEventType.Deleted"/>; otherwise <see langword="null"/>.</param>
    /// <param name="resourceVersion">The resourceVersion to resume from after this event; <see langword="null"/> for errors.</param>
    /// <param name="status">The failure, for <see cref="WatchEventType.Error"/>; otherwise <see langword="null"/>.</param>
    public WatchEvent(WatchEventType type, T? @object, string? resourceVersion, SourceStatus? status = null)
    {
        Type = type;
        Object = @object;
        ResourceVersion = resourceVersion;
        Status = status;
    }

    /// <summary>The event type.</summary>
    public WatchEventType Type { get; }

    /// <summary>The object, for <see cref="WatchEventType.Added"/>, <see cref="WatchEventType.Modified"/>
    /// and <see cref="WatchEventType.Deleted"/>; otherwise <see langword="null"/>.</summary>
    public T? Object { get; }

    /// <summary>The resourceVersion to resume from after this event; <see langword="null"/> for errors.</summary>
    public string? ResourceVersion { get; }

    /// <summary>The failure, for <see cref="WatchEventType.Error"/>; otherwise <see langword="null"/>.</summary>
    public SourceStatus? Status { get; }
}
