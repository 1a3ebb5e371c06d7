using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// A position in the whole input, as YamlDotNet's <see cref="Mark"/> gives it (index from 0, line and column from 1),
/// without a call into YamlDotNet per event: its own struct's members cannot be inlined into the reader's
/// precompiled code.
/// </summary>
internal readonly record struct TextMark(long Index, long Line, long Column)
{
    /// <summary>The position as YamlDotNet's mark, for a <see cref="YamlException"/>.</summary>
    public Mark ToMark() => new(Index, Line, Column);

    /// <summary>YamlDotNet's mark moved by <paramref name="index"/> characters and <paramref name="lines"/> lines.</summary>
    public static TextMark From(Mark mark, long index = 0, long lines = 0) => new(mark.Index + index, mark.Line + lines, mark.Column);
}
