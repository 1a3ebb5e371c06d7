namespace SecretProjection.Model;

/// <summary>
/// An event the kubelet records on a pod (a core/v1 Event's type, reason and message): while it builds a
/// container's environment (reasons in <see cref="Environment.EnvEventReasons"/>) and while it collects the pod's
/// pull secrets. Its message names objects and keys, never values.
/// </summary>
public sealed record PodEvent
{
    /// <summary>The event type of a warning; the kubelet records every event of environments and pull secrets as one.</summary>
    public const string Warning = "Warning";

    /// <summary>Initializes a new instance of the <see cref="PodEvent"/> record.</summary>
    /// <param name="type">The event type: <see cref="Warning"/> or <c>Normal</c>.</param>
    /// <param name="reason">The machine-readable reason, such as <c>OptionalSecretNotFound</c> or <c>FailedToRetrieveImagePullSecret</c>.</param>
    /// <param name="message">The message; it names objects and keys, never values.</param>
    public PodEvent(string type, string reason, string message)
    {
        Type = type;
        Reason = reason;
        Message = message;
    }

    /// <summary>The event type: <see cref="Warning"/> or <c>Normal</c>.</summary>
    public string Type { get; }

    /// <summary>The machine-readable reason, such as <c>OptionalSecretNotFound</c> or <c>FailedToRetrieveImagePullSecret</c>.</summary>
    public string Reason { get; }

    /// <summary>The message; it names objects and keys, never values.</summary>
    public string Message { get; }

    internal static PodEvent Warn(string reason, string message) => new(Warning, reason, message);
}
