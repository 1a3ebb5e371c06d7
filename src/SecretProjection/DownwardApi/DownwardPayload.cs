using SecretProjection.Text;
using SecretProjection.Writing;

namespace SecretProjection.DownwardApi;

/// <summary>
/// The files of a <c>downwardAPI</c> volume or projection, by clean path, and what kept any of them from being
/// known: the kubelet's errors, and the fields only a node knows.
/// </summary>
/// <param name="Files">The files that have their values, by clean path.</param>
/// <param name="Errors">The kubelet's errors, in item order.</param>
/// <param name="NodeOnly">The fields that only a node knows, in item order.</param>
internal sealed record DownwardPayload(
    IReadOnlyDictionary<string, PayloadFile> Files,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> NodeOnly)
{
    /// <summary>The kubelet's error for the whole payload (its aggregate), or <see langword="null"/>.</summary>
    public string? Error => GoErrors.Aggregate(Errors);

    /// <summary>Whether every file has its value.</summary>
    public bool IsComplete => Errors.Count == 0 && NodeOnly.Count == 0;
}
