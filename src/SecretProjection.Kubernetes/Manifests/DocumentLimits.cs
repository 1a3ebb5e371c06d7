using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Limits checked on the parser's events of one document before any deserializer sees it: the deserializers
/// recurse once per level, so a document nested thousands of levels deep overflows the stack (which no handler
/// catches) and YAML's flow scanner slows down quadratically with the depth.
/// </summary>
internal sealed class DocumentLimits
{
    /// <summary>
    /// The deepest nesting of mappings and sequences read. A Pod nests about fifteen levels; even a CRD's
    /// schema stays far below this.
    /// </summary>
    public const int MaxDepth = 100;

    private int _depth;

    /// <summary>Observes the next event of the document.</summary>
    /// <exception cref="YamlException">The document nests deeper than <see cref="MaxDepth"/>.</exception>
    public void Observe(ParsingEvent current)
    {
        _depth += current.NestingIncrease;
        if (_depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, string.Create(CultureInfo.InvariantCulture, $"nested deeper than {MaxDepth} levels"));
        }
    }
}
