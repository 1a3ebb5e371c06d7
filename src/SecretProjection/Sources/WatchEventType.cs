namespace SecretProjection.Sources;

/// <summary>The type of a watch event, as the API server sends it.</summary>
public enum WatchEventType
{
    /// <summary><c>ADDED</c>: the object was created (or first seen by this watch).</summary>
    Added,

    /// <summary><c>MODIFIED</c>: the object changed.</summary>
    Modified,

    /// <summary><c>DELETED</c>: the object was deleted; the event carries its last state.</summary>
    Deleted,

    /// <summary><c>BOOKMARK</c>: no change; only a newer resourceVersion to resume from.</summary>
    Bookmark,

    /// <summary><c>ERROR</c>: the watch failed; the event carries a status (410 when the resourceVersion is too old).</summary>
    Error,
}
