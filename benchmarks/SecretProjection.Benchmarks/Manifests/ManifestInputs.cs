using System.Globalization;
using System.Text;

namespace SecretProjection.Benchmarks.Manifests;

/// <summary>
/// Generated inputs as people have them: Secrets as <c>kubectl create secret generic … --dry-run=client -o yaml</c>
/// writes them, joined with <c>---</c>; and a directory of applications, each a file with a Deployment (as
/// <c>kubectl create deployment --dry-run=client -o yaml</c> writes it, with an env reference and a volume of its
/// Secret) and that Secret.
/// </summary>
internal static class ManifestInputs
{
    /// <summary><paramref name="count"/> small Secrets in one YAML stream.</summary>
    public static string Secrets(int count)
    {
        var text = new StringBuilder(count * 140);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append("---\n");
            }

            text.Append(Secret(i));
        }

        return text.ToString();
    }

    /// <summary>One application: a Deployment and its Secret.</summary>
    public static string Application(int i) => Deployment(i) + "---\n" + Secret(i);

    /// <summary><paramref name="count"/> applications in one YAML stream.</summary>
    public static string Applications(int count) =>
        string.Join("---\n", Enumerable.Range(0, count).Select(Application));

    /// <summary>Writes <paramref name="count"/> applications into <paramref name="directory"/>, one file each.</summary>
    public static void WriteApplications(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        for (var i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Combine(directory, Name(i) + ".yaml"), Application(i));
        }
    }

    /// <summary>The name of application <paramref name="i"/> and of its Secret.</summary>
    public static string Name(int i) => "app-" + i.ToString("D5", CultureInfo.InvariantCulture);

    private static string Secret(int i)
    {
        var password = Convert.ToBase64String(Encoding.ASCII.GetBytes("pw-" + i.ToString("D6", CultureInfo.InvariantCulture)));
        return $"""
            apiVersion: v1
            data:
              password: {password}
              username: YWRtaW4=
            kind: Secret
            metadata:
              creationTimestamp: null
              name: {Name(i)}

            """;
    }

    private static string Deployment(int i) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          creationTimestamp: null
          labels:
            app: {Name(i)}
          name: {Name(i)}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: {Name(i)}
          strategy: {"{}"}
          template:
            metadata:
              creationTimestamp: null
              labels:
                app: {Name(i)}
            spec:
              containers:
              - image: nginx
                name: nginx
                env:
                - name: DB_PASSWORD
                  valueFrom:
                    secretKeyRef:
                      name: {Name(i)}
                      key: password
                resources: {"{}"}
                volumeMounts:
                - name: credentials
                  mountPath: /etc/credentials
                  readOnly: true
              volumes:
              - name: credentials
                secret:
                  secretName: {Name(i)}
                  defaultMode: 0400
        status: {"{}"}

        """;
}
