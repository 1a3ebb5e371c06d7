using Microsoft.Extensions.Primitives;

namespace SecretProjection.Extensions.Configuration;

/// <summary>
/// One file of a projected volume (a TLS certificate, a key, a token) whose bytes follow rotation.
/// </summary>
public interface ISecretFile : IDisposable
{
    /// <summary>The file's bytes in the newest complete generation read so far.</summary>
    ReadOnlyMemory<byte> Content { get; }

    /// <summary>The generation <see cref="Content"/> was read from, or <see langword="null"/> for a plain directory.</summary>
    string? Generation { get; }

    /// <summary>
    /// A token that fires once <see cref="Content"/> has been replaced by the bytes of a new generation.
    /// </summary>
    /// <returns>The change token of the current content.</returns>
    IChangeToken GetChangeToken();
}
