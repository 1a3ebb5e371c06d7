namespace SecretProjection.Extensions.Configuration.Tests.Fixtures;

/// <summary>Payloads whose every value names its generation, so a mix is visible.</summary>
internal static class Generations
{
    public static readonly string[] Keys = ["Database__ConnectionString", "Database__Password", "api-key"];

    public static Dictionary<string, string> Numbered(int generation) =>
        Keys.ToDictionary(key => key, _ => $"gen-{generation}", StringComparer.Ordinal);
}
