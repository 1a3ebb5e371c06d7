namespace SecretProjection.Environment;

/// <summary>An event the kubelet records on the pod while it builds a container's environment.</summary>
public sealed record EnvEvent
{
    /// <summary>Initializes a new instance of the <see cref="EnvEvent"/> record.</summary>
    /// <param name="type">The event type: <c>Warning</c>.</param>
    /// <param name="reason">The reason, one of <see cref="EnvEventReasons"/>.</param>
    /// <param name="message">The message; it names objects and keys, never values.</param>
    public EnvEvent(string type, string reason, string message)
    {
        Type = type;
        Reason = reason;
        Message = message;
    }

    /// <summary>The event type: <c>Warning</c>.</summary>
    public string Type { get; }

    /// <summary>The reason, one of <see cref="EnvEventReasons"/>.</summary>
    public string Reason { get; }

    /// <summary>The message; it names objects and keys, never values.</summary>
    public string Message { get; }

    /// <summary>The event type of every event this resolver reports.</summary>
    public const string Warning = "Warning";

    internal static EnvEvent Warn(string reason, string message) => new(Warning, reason, message);
}
