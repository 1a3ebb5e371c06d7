namespace SecretProjection.Credentials;

/// <summary>An event the kubelet records on the pod while collecting its pull secrets.</summary>
public sealed record PullAuthEvent
{
    /// <summary>Initializes a new instance of the <see cref="PullAuthEvent"/> record.</summary>
    /// <param name="type"><c>Warning</c> or <c>Normal</c>.</param>
    /// <param name="reason">The machine-readable reason, e.g. <c>FailedToRetrieveImagePullSecret</c>.</param>
    /// <param name="message">The text, never holding secret values.</param>
    public PullAuthEvent(string type, string reason, string message)
    {
        Type = type;
        Reason = reason;
        Message = message;
    }

    /// <summary><c>Warning</c> or <c>Normal</c>.</summary>
    public string Type { get; }

    /// <summary>The machine-readable reason, e.g. <c>FailedToRetrieveImagePullSecret</c>.</summary>
    public string Reason { get; }

    /// <summary>The text, never holding secret values.</summary>
    public string Message { get; }
}
