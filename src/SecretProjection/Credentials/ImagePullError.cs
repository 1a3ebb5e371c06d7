namespace SecretProjection.Credentials;

/// <summary>Why the kubelet cannot pull a container's image.</summary>
public sealed record ImagePullError
{
    /// <summary>Initializes a new instance of the <see cref="ImagePullError"/> record.</summary>
    /// <param name="reason"><c>InvalidImageName</c> (the kubelet's reason) for an image reference that does not parse;
    /// <c>InvalidPullSecret</c> for an unreadable pull secret, where the kubelet's container status shows the
    /// bare JSON decoding error as the reason instead.</param>
    /// <param name="message">The explanation, never holding secret values.</param>
    public ImagePullError(string reason, string message)
    {
        Reason = reason;
        Message = message;
    }

    /// <summary><c>InvalidImageName</c> (the kubelet's reason) for an image reference that does not parse;
    /// <c>InvalidPullSecret</c> for an unreadable pull secret, where the kubelet's container status shows the
    /// bare JSON decoding error as the reason instead.</summary>
    public string Reason { get; }

    /// <summary>The explanation, never holding secret values.</summary>
    public string Message { get; }
}
