using System.Globalization;

namespace SecretProjection.ObjectManagers;

/// <summary>resourceVersions compared as the API server's versioner does: as unsigned integers, an unreadable one as 0.</summary>
internal static class ResourceVersions
{
    public static ulong Parse(string? resourceVersion) =>
        ulong.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>Upstream's <c>isObjectOlder</c>: whether <paramref name="candidate"/> is older than <paramref name="current"/>.</summary>
    public static bool IsOlder(string? candidate, string? current) => Parse(candidate) < Parse(current);
}
