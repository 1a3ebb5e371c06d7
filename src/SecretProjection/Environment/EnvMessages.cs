using System.Globalization;
using System.Text;
using SecretProjection.Text;

namespace SecretProjection.Environment;

/// <summary>
/// The kubelet's messages (<c>pkg/kubelet/kubelet_pods.go</c>) and virtual-kubelet's (<c>node/pkg/env</c>) for
/// the cases the kubelet leaves to the API error, with Go's <c>%q</c> quoting.
/// </summary>
internal static class EnvMessages
{
    public static string NotFound(SourceKind kind, string name) => $"{Resource(kind)} {Quote(name)} not found";

    public static string EnvFromLookupFailed(SourceKind kind, string name, string reason) =>
        $"failed to fetch {Resource(kind)} {Quote(name)}: {reason}";

    public static string KeyRefLookupFailed(SourceKind kind, string name, string reason) =>
        $"failed to read {Resource(kind)} {Quote(name)}: {reason}";

    public static string KeyNotFound(SourceKind kind, string key, string @namespace, string name) =>
        $"couldn't find key {key} in {(kind == SourceKind.Secret ? "Secret" : "ConfigMap")} {@namespace}/{name}";

    public static string SkippedOptional(string variable, string reason) => $"skipping optional envvar {Quote(variable)}: {reason}";

    public static string OptionalKeyNotFound(SourceKind kind, string key, string name) =>
        $"key {Quote(key)} does not exist in {Resource(kind)} {Quote(name)}";

    public static string InvalidKeys(SourceKind kind, List<string> keys, string @namespace, string name)
    {
        keys.Sort(StringComparer.Ordinal);
        return $"Keys [{string.Join(", ", keys)}] from the EnvFrom {(kind == SourceKind.Secret ? "secret" : "configMap")} {@namespace}/{name} were skipped since they are considered invalid environment variable names.";
    }

    public static string Unresolved(string variable, string source) =>
        $"skipping envvar {Quote(variable)}: {source} is only known on a node";

    /// <summary>Go's <c>%q</c>.</summary>
    public static string Quote(string value) => GoQuote.Quote(value);

    private static string Resource(SourceKind kind) => kind == SourceKind.Secret ? "secret" : "configmap";
}
