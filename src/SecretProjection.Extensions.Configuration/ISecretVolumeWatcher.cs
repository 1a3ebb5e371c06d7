using Microsoft.Extensions.Primitives;

namespace SecretProjection.Extensions.Configuration;

/// <summary>
/// Watches a projected volume directory and signals each generation swap: each time <c>..data</c>
/// starts pointing at a new <c>..&lt;timestamp&gt;</c> directory. It never signals a generation that is
/// still being written, because the kubelet only points <c>..data</c> at complete generations.
/// </summary>
public interface ISecretVolumeWatcher : IDisposable
{
    /// <summary>
    /// The name of the generation directory <c>..data</c> pointed at when last observed
    /// (for example <c>..2026_11_25_17_53_48.123456789</c>), or <see langword="null"/> when the
    /// directory has no <c>..data</c> link.
    /// </summary>
    string? CurrentGeneration { get; }

    /// <summary>
    /// A token that fires once, at the next generation swap after <see cref="CurrentGeneration"/>.
    /// Use it with <see cref="ChangeToken.OnChange(Func{IChangeToken?}, Action)"/> to follow every swap.
    /// </summary>
    /// <returns>The change token of the current generation.</returns>
    IChangeToken GetChangeToken();
}
