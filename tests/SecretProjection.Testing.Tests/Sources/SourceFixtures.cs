using System.Text;
using SecretProjection.Model;

namespace SecretProjection.Testing.Tests.Sources;

/// <summary>Secrets of one key, and a bound on the waits of the source's tests.</summary>
internal static class SourceFixtures
{
    public const string Ns = "ns";

    /// <summary>Bounds a hang only: every wait in these tests ends by an event long before.</summary>
    public static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>A Secret in <see cref="Ns"/> whose one key, <c>key</c>, holds <paramref name="value"/>.</summary>
    public static Secret Secret(string name, string value = "v") =>
        new() { Name = name, Namespace = Ns, Data = DataMap.FromStrings([KeyValuePair.Create("key", value)]) };

    public static string Value(Secret? secret) => secret is null ? "<none>" : Encoding.UTF8.GetString(secret.Data["key"].Span);
}
