using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Kubernetes.Manifests;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>Hostile manifests: whatever the text, reading either succeeds or fails with a <see cref="ManifestException"/>.</summary>
public class ManifestReaderProperties
{
    private const string Seed = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Secret
          metadata: {name: s, namespace: ns}
          type: kubernetes.io/tls
          data: {tls.crt: Y2VydA==, tls.key: a2V5}
          stringData: {x: "y"}
        - apiVersion: v1
          kind: Pod
          metadata: {name: p}
          spec:
            securityContext: {fsGroup: 2000}
            containers:
            - name: c
              env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}]
              volumeMounts: [{name: v, mountPath: /m, subPath: x}]
            volumes:
            - name: v
              secret: {secretName: s, defaultMode: 0400, items: [{key: k, path: p, mode: 0777}]}
        ---
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"binaryData":{"b":"AAE="}}
        """;

    /// <summary>Mutations of a realistic manifest: deletions, duplications, insertions of YAML-significant characters.</summary>
    public static Arbitrary<string> Manifests() =>
        Gen.Choose(0, Seed.Length - 1)
            .SelectMany(at => Gen.Choose(0, 12).SelectMany(length => Gen.Elements(":", "-", "{", "}", "[", "]", "'", "\"", "\n", "  ", "---\n", "&a ", "*a", "!!binary ", "#", "\t", "\0", "?", "|", ">", "%", "@", "null", "0o777", "-1", "99999999999999999999")
                .Select(insert => (at, length, insert))))
            .ArrayOf()
            .Select(edits => edits.Take(6).Aggregate(Seed, (text, edit) =>
            {
                var at = Math.Min(edit.at, text.Length);
                var cut = Math.Min(edit.length, text.Length - at);
                return text.Remove(at, cut).Insert(at, edit.insert);
            }))
            .ToArbitrary();

    [Property(Arbitrary = [typeof(ManifestReaderProperties)], MaxTest = 2000)]
    public bool Reading_either_succeeds_or_throws_a_manifest_exception(string manifest)
    {
        try
        {
            _ = ManifestReader.Read(manifest, "fuzz.yaml");
        }
        catch (ManifestException e)
        {
            return e.Message.StartsWith("fuzz.yaml", StringComparison.Ordinal);
        }

        return true;
    }

    [Property(MaxTest = 1000)]
    public bool Arbitrary_text_never_escapes_as_another_exception(string text)
    {
        try
        {
            _ = ManifestReader.Read(text ?? string.Empty, "f");
        }
        catch (ManifestException)
        {
        }

        return true;
    }
}
