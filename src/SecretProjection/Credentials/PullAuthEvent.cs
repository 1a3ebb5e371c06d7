namespace SecretProjection.Credentials;

/// <summary>An event the kubelet records on the pod while collecting its pull secrets.</summary>
/// <param name="Type"><c>Warning</c> or <c>Normal</c>.</param>
/// <param name="Reason">The machine-readable reason, e.g. <c>FailedToRetrieveImagePullSecret</c>.</param>
/// <param name="Message">The text, never holding secret values.</param>
public sealed record PullAuthEvent(string Type, string Reason, string Message);
