namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>A watched fleet of Secrets whose source can expire every watch at once.</summary>
internal interface IRelistFleet : IAsyncDisposable
{
    /// <summary>The Secrets watched.</summary>
    int Secrets { get; }

    /// <summary>The managers' clock.</summary>
    RelistClock Clock { get; }

    /// <summary>Lists (requests) the source has answered so far.</summary>
    int Lists { get; }

    /// <summary>
    /// Ends every watch so that the next one from its resourceVersion answers 410, as after a compaction or an API
    /// server restart, with the clock three minutes on (the watches are as old as a node's, and the reflectors'
    /// backoff has reset); then waits until every Secret has been listed again and its new watch is open.
    /// </summary>
    Task ExpireAndResyncAsync(CancellationToken cancellationToken);
}
