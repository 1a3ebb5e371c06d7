using System.Text.Json.Nodes;

namespace SecretProjection.Testing.Api;

/// <summary>
/// The discovery documents (<c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/GROUP[/VERSION]</c>) and <c>/version</c>,
/// built from the resources the API serves, in the legacy (unaggregated) form, which every client falls back to: what
/// kubectl reads to map <c>secrets</c> or <c>ctb</c> to a path.
/// </summary>
internal static class ApiDiscovery
{
    /// <summary>The version the simulated API says it is.</summary>
    public const string GitVersion = "v1.33.0-secretprojection";

    /// <summary>The document at <paramref name="path"/>, or <see langword="null"/> when it is not a discovery path.</summary>
    public static JsonObject? Answer(string path)
    {
        var groups = ApiResource.All.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).ToArray();
        return path.Trim('/').Split('/') switch
        {
            ["version"] => Version(),
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(),
            },
            ["api", "v1"] => Resources("v1", ApiResource.All.Where(r => r.Group.Length == 0), "v1"),
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)Group(g.Key, g.First().Versions))]),
            },
            ["apis", var group] when groups.Any(g => g.Key == group) => WithKind(Group(group, groups.First(g => g.Key == group).First().Versions), "APIGroup"),
            ["apis", var group, var version] when groups.FirstOrDefault(g => g.Key == group) is { } served && served.Any(r => r.Versions.Contains(version)) =>
                Resources(group + "/" + version, served.Where(r => r.Versions.Contains(version)), version),
            _ => null,
        };
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.24.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject WithKind(JsonObject group, string kind)
    {
        var document = new JsonObject { ["kind"] = kind, ["apiVersion"] = "v1" };
        foreach (var (key, value) in group.ToList())
        {
            group.Remove(key);
            document[key] = value;
        }

        return document;
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions) => new()
    {
        ["name"] = name,
        ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)GroupVersion(name, v))]),
        ["preferredVersion"] = GroupVersion(name, versions[0]),
    };

    private static JsonObject GroupVersion(string group, string version) => new() { ["groupVersion"] = group + "/" + version, ["version"] = version };

    private static JsonObject Resources(string groupVersion, IEnumerable<ApiResource> resources, string version)
    {
        var list = new JsonArray();
        foreach (var resource in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = new JsonArray("get", "list", "watch"),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. resource.ShortNames.Select(s => (JsonNode)s)]);
            }

            list.Add(entry);
            if (resource == ApiResource.ServiceAccounts && version == "v1")
            {
                list.Add(new JsonObject
                {
                    ["name"] = "serviceaccounts/token",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = true,
                    ["group"] = "authentication.k8s.io",
                    ["version"] = "v1",
                    ["kind"] = "TokenRequest",
                    ["verbs"] = new JsonArray("create"),
                });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = list };
    }
}
