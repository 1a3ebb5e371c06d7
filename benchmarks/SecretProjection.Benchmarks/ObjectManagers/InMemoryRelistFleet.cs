using SecretProjection.ObjectManagers;
using SecretProjection.Testing.Time;
using static SecretProjection.Benchmarks.ObjectManagers.RelistFleet;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>A <see cref="CacheFleet"/> under the Watch strategy, whose in-memory source expires every watch.</summary>
internal sealed class InMemoryRelistFleet : IRelistFleet
{
    private readonly CacheFleet _fleet;

    public InMemoryRelistFleet(int secrets)
    {
        Clock = RelistClock();
        _fleet = CacheFleet.Build(secrets, ChangeDetectionStrategy.Watch, Clock);
    }

    public int Secrets => _fleet.Secrets;

    public SimulatedClock Clock { get; }

    public int Lists => _fleet.Source.ListCalls;

    public async Task ExpireAndResyncAsync(CancellationToken cancellationToken)
    {
        Clock.Advance(TimeSpan.FromMinutes(3));
        // Every watch ends and the history is compacted past it (a write to a Secret nobody watches moves it on), so
        // that a watch from where it was answers 410; a reflector opens its new watch after its list, and cannot
        // list before its old watch has ended.
        var source = _fleet.Source;
        var lists = source.ListCalls + Secrets;
        source.Put(SecretFleet.Secret(-SecretFleet.SecretsPerPod - 1));
        source.Compact();
        source.EndOpenWatches();
        await source.WaitUntilAsync(s => s.ListCalls >= lists && s.OpenWatches == Secrets, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _fleet.Dispose();
        await Clock.DisposeAsync().ConfigureAwait(false);
    }
}
