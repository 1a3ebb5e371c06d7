using SecretProjection.Testing.Time;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>A watched fleet of Secrets whose source can expire every watch at once.</summary>
internal interface IRelistFleet : IAsyncDisposable
{
    /// <summary>The Secrets watched.</summary>
    int Secrets { get; }

    /// <summary>
    /// The managers' clock: simulated, advancing by itself to each backoff wait (a minute or shorter: 0.8 s to 60 s)
    /// as soon as it is set, so that a relist costs only its work, and telling the waits set (the longest is what
    /// client-go's policy adds to the wall time). Longer waits (a read's sync timeout, an hour here) never pass.
    /// </summary>
    SimulatedClock Clock { get; }

    /// <summary>Lists (requests) the source has answered so far.</summary>
    int Lists { get; }

    /// <summary>
    /// Ends every watch so that the next one from its resourceVersion answers 410, as after a compaction or an API
    /// server restart, with the clock three minutes on (the watches are as old as a node's, and the reflectors'
    /// backoff has reset); then waits until every Secret has been listed again and its new watch is open.
    /// </summary>
    Task ExpireAndResyncAsync(CancellationToken cancellationToken);
}
