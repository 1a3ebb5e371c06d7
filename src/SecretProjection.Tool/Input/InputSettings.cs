namespace SecretProjection.Tool.Input;

/// <summary>What to read: the <c>-f</c> values as given, <c>-R</c>, <c>-n</c> and the size limit.</summary>
/// <param name="Files">The <c>-f</c> values: files, directories, <c>-</c>; comma-separated lists are split.</param>
/// <param name="Recursive">Whether directories are read with their subdirectories.</param>
/// <param name="Namespace">The <c>-n</c> namespace, or null for <c>default</c>.</param>
/// <param name="MaxBytes">The most bytes read from all inputs together.</param>
internal sealed record InputSettings(IReadOnlyList<string> Files, bool Recursive, string? Namespace, long MaxBytes)
{
    /// <summary>
    /// 64 MiB: twenty times the API server's largest request (3 MiB), more than a namespace's worth of manifests,
    /// and at the reader's cost of under four times the input, well within a CI machine's memory.
    /// </summary>
    public const long DefaultMaxBytes = 64L << 20;

    /// <summary>The files as given, for messages: <c>a.yaml, b.yaml</c>.</summary>
    public string Describe() => string.Join(", ", Files);
}
