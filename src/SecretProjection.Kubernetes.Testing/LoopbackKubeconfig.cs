using System.Text;

namespace SecretProjection.Kubernetes.Testing;

/// <summary>
/// A kubeconfig for a server on 127.0.0.1: its address, the certificate authority to trust over TLS, and only the
/// credentials the server asks for. Without any, the context names no user: KubernetesClient refuses a user entry
/// that has no credentials ("does not have appropriate auth credentials"), and both it and kubectl send anonymous
/// requests for a context without one.
/// </summary>
internal static class LoopbackKubeconfig
{
    public static string Text(Uri server, string @namespace, string? authorityPem, string? token, (string Certificate, string Key)? client)
    {
        var text = new StringBuilder()
            .Append("apiVersion: v1\n")
            .Append("kind: Config\n")
            .Append("clusters:\n")
            .Append("- name: loopback\n")
            .Append("  cluster:\n")
            .Append("    server: ").Append(server.GetLeftPart(UriPartial.Authority)).Append('\n');
        if (authorityPem is not null)
        {
            text.Append("    certificate-authority-data: ").Append(Base64(authorityPem)).Append('\n');
        }

        var user = token is not null || client is not null;
        if (user)
        {
            text.Append("users:\n").Append("- name: loopback\n").Append("  user:\n");
            if (token is not null)
            {
                text.Append("    token: ").Append(token).Append('\n');
            }

            if (client is { } pair)
            {
                text.Append("    client-certificate-data: ").Append(Base64(pair.Certificate)).Append('\n')
                    .Append("    client-key-data: ").Append(Base64(pair.Key)).Append('\n');
            }
        }

        text.Append("contexts:\n")
            .Append("- name: loopback\n")
            .Append("  context:\n")
            .Append("    cluster: loopback\n")
            .Append("    namespace: ").Append(@namespace).Append('\n');
        if (user)
        {
            text.Append("    user: loopback\n");
        }

        return text.Append("current-context: loopback\n").ToString();
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
