using SecretProjection.Credentials;
using SecretProjection.Environment;
using SecretProjection.Projection;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// Who records an event: the kubelet, or this tool alone. <c>OptionalSecretNotFound</c> and the other optional-reference
/// events are virtual-kubelet's, and <c>UnresolvedEnvironmentSource</c> is this library's: a kubelet records neither,
/// so the output marks them as this tool's own (<c>"from":"secretprojection"</c>, a FROM column).
/// </summary>
internal static class EventOrigin
{
    public const string Kubelet = "kubelet";

    public const string ApiServer = "apiserver";

    public const string Tool = "secretprojection";

    private static readonly HashSet<string> KubeletReasons = new(StringComparer.Ordinal)
    {
        EnvEventReasons.InvalidEnvironmentVariableNames,
        EnvEventReasons.Failed,
        PullAuthResolver.FailedToRetrieveImagePullSecret,
        PlanError.FailedMountReason,
        ContainerStartError.CreateContainerConfigError,
        "InvalidImageName",
    };

    /// <summary>Who records an event or failure of this reason.</summary>
    public static string Of(string reason) =>
        KubeletReasons.Contains(reason) ? Kubelet : reason == PlanError.InvalidReason ? ApiServer : Tool;
}
