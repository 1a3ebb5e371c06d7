namespace SecretProjection.Tool.Cli;

/// <summary>What a verb prints: a table (or lines) for people, or one JSON or YAML document (<c>-o json|yaml</c>).</summary>
internal enum OutputFormat
{
    /// <summary>The default: a table or lines for people, never a secret value.</summary>
    Table,

    /// <summary><c>-o json</c>.</summary>
    Json,

    /// <summary><c>-o yaml</c>: the same document as JSON, written as YAML.</summary>
    Yaml,
}
