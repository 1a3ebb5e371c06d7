namespace SecretProjection.Kubernetes.Manifests;

/// <summary>What a <see cref="YamlEvent"/> is: one of YamlDotNet's event types, or none (past the end of the input).</summary>
internal enum YamlEventKind : byte
{
    /// <summary>No event: the parser is past the end of its input.</summary>
    None,

    /// <summary>The start of the input.</summary>
    StreamStart,

    /// <summary>The end of the input.</summary>
    StreamEnd,

    /// <summary>The start of a document.</summary>
    DocumentStart,

    /// <summary>The end of a document.</summary>
    DocumentEnd,

    /// <summary>The start of a mapping; its entries follow, key then value.</summary>
    MappingStart,

    /// <summary>The end of a mapping.</summary>
    MappingEnd,

    /// <summary>The start of a sequence; its items follow.</summary>
    SequenceStart,

    /// <summary>The end of a sequence.</summary>
    SequenceEnd,

    /// <summary>A scalar, with its value.</summary>
    Scalar,

    /// <summary>An alias (<c>*name</c>), with the anchor's name as its value.</summary>
    Alias,
}
