using System.Globalization;
using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Limits checked on the parser's events of one document before anything is decoded. Depth: a decoder recurses
/// once per level, so a document nested thousands of levels deep would overflow the stack (which no handler
/// catches), and YAML's flow scanner slows down quadratically with the depth. Aliases: each <c>*name</c> stands
/// for the whole node anchored as <c>&amp;name</c>, so a megabyte value repeated through aliases becomes gigabytes
/// once Secrets and ConfigMaps are turned into files. Size: one object is held in memory while it is decoded, so
/// an object may be as large as the API server accepts and no larger.
/// </summary>
internal sealed class DocumentLimits
{
    /// <summary>
    /// The deepest nesting of mappings and sequences read. A Pod nests about fifteen levels, a CronJob's pod
    /// about twenty; even a CRD's schema stays far below this.
    /// </summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// The most that aliases may add to a document, in bytes of scalars (and one per other node): 3 MiB, the
    /// largest request the API server accepts.
    /// </summary>
    public const long MaxAliasExpansion = 3 << 20;

    /// <summary>
    /// The most text one object may span (a document, or an item of a <c>List</c>), in characters: 3 MiB, the
    /// largest request the API server accepts.
    /// </summary>
    public const long MaxObjectSize = 3 << 20;

    private int _depth;
    private long _added;

    /// <summary>Starts the next document: none of its events observed yet.</summary>
    public DocumentLimits Reset()
    {
        _depth = 0;
        _added = 0;
        return this;
    }

    /// <summary>Observes the next event of the document.</summary>
    /// <exception cref="YamlException">The document nests deeper than <see cref="MaxDepth"/>.</exception>
    public void Observe(in YamlEvent current)
    {
        _depth += current.NestingIncrease;
        if (_depth > MaxDepth)
        {
            throw current.Error(string.Create(CultureInfo.InvariantCulture, $"nested deeper than {MaxDepth} levels"));
        }
    }

    /// <summary>Counts what an alias adds to the document.</summary>
    /// <param name="alias">The alias.</param>
    /// <param name="expansion">The size of the node it stands for.</param>
    /// <exception cref="YamlException">The aliases expand the document by more than <see cref="MaxAliasExpansion"/>.</exception>
    public void AddAlias(in YamlEvent alias, long expansion)
    {
        _added += expansion;
        if (_added > MaxAliasExpansion)
        {
            throw alias.Error(string.Create(CultureInfo.InvariantCulture, $"aliases expand the document by more than {MaxAliasExpansion} bytes"));
        }
    }
}
