using SecretProjection.Model;

namespace SecretProjection.Syncing;

/// <summary>A pod sync fed by its owner's watch (the node agent's watch of the node's pods) rather than a watch of its own.</summary>
internal interface IPodUpdates
{
    /// <summary>
    /// The pod as its source now has it: the next pass plans with it, and its downwardAPI volumes are projected again
    /// when it differs. Its volumes stay those the sync started with (the API server does not let them change).
    /// </summary>
    /// <param name="pod">The pod, with the same uid.</param>
    void UpdatePod(Pod pod);
}
