namespace SecretProjection.Model;

/// <summary>Defaults the API server applies to the objects of this model.</summary>
internal static class ObjectDefaults
{
    /// <summary>The namespace of an object that names none.</summary>
    public const string Namespace = "default";

    /// <summary>An empty annotation or label map.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoLabels =
        new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    /// <summary>An empty string map.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoStrings = NoLabels;
}
