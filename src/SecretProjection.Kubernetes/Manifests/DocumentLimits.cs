using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Limits checked on the parser's events of one document before any deserializer sees it. Depth: the
/// deserializers recurse once per level, so a document nested thousands of levels deep overflows the stack
/// (which no handler catches), and YAML's flow scanner slows down quadratically with the depth. Aliases: each
/// <c>*name</c> stands for the whole node anchored as <c>&amp;name</c>, so a megabyte value repeated through
/// aliases becomes gigabytes once Secrets and ConfigMaps are turned into files.
/// </summary>
internal sealed class DocumentLimits
{
    /// <summary>
    /// The deepest nesting of mappings and sequences read. A Pod nests about fifteen levels; even a CRD's
    /// schema stays far below this.
    /// </summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// The most that aliases may add to a document, in bytes of scalars (and one per other node): 3 MiB, the
    /// largest request the API server accepts.
    /// </summary>
    public const long MaxAliasExpansion = 3 << 20;

    private readonly Dictionary<string, long> _anchored = new(StringComparer.Ordinal);
    private readonly Stack<(string Anchor, long Start)> _open = new();
    private int _depth;
    private long _size;
    private long _added;

    /// <summary>Observes the next event of the document.</summary>
    /// <exception cref="YamlException">The document nests deeper than <see cref="MaxDepth"/>, or its aliases expand it by more than <see cref="MaxAliasExpansion"/>.</exception>
    public void Observe(ParsingEvent current)
    {
        _depth += current.NestingIncrease;
        if (_depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, string.Create(CultureInfo.InvariantCulture, $"nested deeper than {MaxDepth} levels"));
        }

        // The size of the document as a deserializer sees it: every alias counts as the node it stands for.
        switch (current)
        {
            case Scalar scalar:
                _size += 1 + scalar.Value.Length;
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchored[scalar.Anchor.Value] = 1 + scalar.Value.Length;
                }

                break;
            case NodeEvent collection when collection is MappingStart or SequenceStart:
                _open.Push((collection.Anchor.IsEmpty ? string.Empty : collection.Anchor.Value, _size));
                _size++;
                break;
            case MappingEnd or SequenceEnd:
                var (anchor, start) = _open.Pop();
                _size++;
                if (anchor.Length > 0)
                {
                    _anchored[anchor] = _size - start;
                }

                break;
            case AnchorAlias alias:
                var expansion = _anchored.GetValueOrDefault(alias.Value.Value, 1);
                _size += expansion;
                _added += expansion;
                if (_added > MaxAliasExpansion)
                {
                    throw new YamlException(current.Start, current.End, string.Create(CultureInfo.InvariantCulture, $"aliases expand the document by more than {MaxAliasExpansion} bytes"));
                }

                break;
        }
    }
}
