using System.Text;
using SecretProjection.Model;
using SecretProjection.Writing;

namespace SecretProjection.ServiceAccountTokens;

/// <summary>
/// The projected plugin's file for a <c>serviceAccountToken</c> source (<c>pkg/volume/projected/projected.go</c>):
/// its mode and owner.
/// </summary>
internal static class TokenFile
{
    /// <summary>The mode of a token file when the pod has an fsGroup or a single run-as user: 0600.</summary>
    public const int OwnerOnlyMode = 0x180;

    /// <summary>The message of a volume that needs a token where no API server can issue one.</summary>
    public const string NeedsClusterMessage = "cannot use TokenManager when kubelet is in standalone mode";

    /// <summary>
    /// The token's file: the volume's default mode, or 0600 when the pod has an fsGroup or a single run-as user
    /// (fsGroup then adds group read, making it 0640); owned by that user when there is one.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <param name="pod">The pod.</param>
    /// <param name="defaultMode">The volume's default mode (0644 by default).</param>
    /// <returns>The file.</returns>
    public static PayloadFile For(string token, Pod pod, int defaultMode)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(pod);
        var fsUser = FsUser(pod);
        var mode = fsUser is not null || pod.SecurityContext.FsGroup is not null ? OwnerOnlyMode : defaultMode;
        return new PayloadFile(Encoding.UTF8.GetBytes(token), mode, fsUser);
    }

    /// <summary>
    /// <c>FsUserFrom</c> (<c>pkg/volume/util</c>): the user every container runs as, when all of them (init,
    /// regular and ephemeral) name the same one through their own or the pod's <c>runAsUser</c>; else none.
    /// </summary>
    /// <param name="pod">The pod.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public static long? FsUser(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        long? fsUser = null;
        foreach (var (container, _) in pod.AllContainers())
        {
            if ((container.SecurityContext.RunAsUser ?? pod.SecurityContext.RunAsUser) is not { } runAsUser
                || (fsUser is not null && fsUser != runAsUser))
            {
                return null;
            }

            fsUser = runAsUser;
        }

        return fsUser;
    }
}
