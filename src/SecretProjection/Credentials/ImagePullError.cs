namespace SecretProjection.Credentials;

/// <summary>Why the kubelet cannot pull a container's image.</summary>
/// <param name="Reason">
/// <c>InvalidImageName</c> (the kubelet's reason) for an image reference that does not parse;
/// <c>InvalidPullSecret</c> for an unreadable pull secret, where the kubelet's container status shows the
/// bare JSON decoding error as the reason instead.
/// </param>
/// <param name="Message">The explanation, never holding secret values.</param>
public sealed record ImagePullError(string Reason, string Message);
