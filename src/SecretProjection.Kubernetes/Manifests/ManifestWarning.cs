namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Something in a manifest that the API server would warn about and that the reader skipped: a field the kind
/// does not have (<c>unknown field "metadata.nmae"</c>, as the API server's strict field validation says) or a
/// kind it does not serve (<c>no matches for kind "secret" in version "v1"</c>, as <c>kubectl</c> says).
/// </summary>
/// <param name="Source">The file it came from, or <c>-</c> for standard input.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Field">The field path of an unknown field, or <see langword="null"/>.</param>
/// <param name="Message">What is wrong; never a value.</param>
public sealed record ManifestWarning(string Source, int Line, string? Field, string Message)
{
    /// <summary>The warning with its place: <c>file:line: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Source}:{Line}: {Message}";
}
