using System.Globalization;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// A kubeconfig for a server on 127.0.0.1 without TLS or authentication. The context names no user: a user
/// without credentials is refused by KubernetesClient ("does not have appropriate auth credentials").
/// </summary>
internal static class LoopbackKubeconfig
{
    public static string Text(int port, string @namespace) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: loopback
              cluster:
                server: http://127.0.0.1:{port}
            contexts:
            - name: loopback
              context:
                cluster: loopback
                namespace: {@namespace}
            current-context: loopback

            """);
}
