using System.Globalization;
using System.Text;
using SecretProjection.Model;
using SecretProjection.Text;

namespace SecretProjection.Environment;

/// <summary>
/// The kubelet's messages (<c>pkg/kubelet/kubelet_pods.go</c>) and virtual-kubelet's (<c>node/pkg/env</c>) for
/// the cases the kubelet leaves to the API error, with Go's <c>%q</c> quoting.
/// </summary>
internal static class EnvMessages
{
    public static string NotFound(ObjectKind kind, string name) => $"{kind.Resource()} {Quote(name)} not found";

    public static string EnvFromLookupFailed(ObjectKind kind, string name, string reason) =>
        $"failed to fetch {kind.Resource()} {Quote(name)}: {reason}";

    public static string KeyRefLookupFailed(ObjectKind kind, string name, string reason) =>
        $"failed to read {kind.Resource()} {Quote(name)}: {reason}";

    public static string KeyNotFound(ObjectKind kind, string key, string @namespace, string name) =>
        $"couldn't find key {key} in {kind} {@namespace}/{name}";

    public static string SkippedOptional(string variable, string reason) => $"skipping optional envvar {Quote(variable)}: {reason}";

    public static string OptionalKeyNotFound(ObjectKind kind, string key, string name) =>
        $"key {Quote(key)} does not exist in {kind.Resource()} {Quote(name)}";

    public static string InvalidKeys(ObjectKind kind, List<string> keys, string @namespace, string name)
    {
        keys.Sort(StringComparer.Ordinal);
        return $"Keys [{string.Join(", ", keys)}] from the EnvFrom {(kind == ObjectKind.Secret ? "secret" : "configMap")} {@namespace}/{name} were skipped since they are considered invalid environment variable names.";
    }

    public static string Unresolved(string variable, string source) =>
        $"skipping envvar {Quote(variable)}: {source} is only known on a node";

    /// <summary>Go's <c>%q</c>.</summary>
    public static string Quote(string value) => GoQuote.Quote(value);
}
