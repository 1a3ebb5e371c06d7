namespace SecretProjection.Sources;

/// <summary>One event of a watch.</summary>
/// <typeparam name="T">The object type.</typeparam>
/// <param name="Type">The event type.</param>
/// <param name="Object">The object, for <see cref="WatchEventType.Added"/>, <see cref="WatchEventType.Modified"/>
/// and <see cref="WatchEventType.Deleted"/>; otherwise <see langword="null"/>.</param>
/// <param name="ResourceVersion">The resourceVersion to resume from after this event; <see langword="null"/> for errors.</param>
/// <param name="Status">The failure, for <see cref="WatchEventType.Error"/>; otherwise <see langword="null"/>.</param>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, string? ResourceVersion, SourceStatus? Status = null)
    where T : class;
