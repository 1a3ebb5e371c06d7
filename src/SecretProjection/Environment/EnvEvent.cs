namespace SecretProjection.Environment;

/// <summary>An event the kubelet records on the pod while it builds a container's environment.</summary>
/// <param name="Type">The event type: <c>Warning</c>.</param>
/// <param name="Reason">The reason, one of <see cref="EnvEventReasons"/>.</param>
/// <param name="Message">The message; it names objects and keys, never values.</param>
public sealed record EnvEvent(string Type, string Reason, string Message)
{
    /// <summary>The event type of every event this resolver reports.</summary>
    public const string Warning = "Warning";

    internal static EnvEvent Warn(string reason, string message) => new(Warning, reason, message);
}
