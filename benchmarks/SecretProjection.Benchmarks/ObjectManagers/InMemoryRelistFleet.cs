using SecretProjection.ObjectManagers;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>A <see cref="CacheFleet"/> under the Watch strategy, whose in-memory source expires every watch.</summary>
internal sealed class InMemoryRelistFleet : IRelistFleet
{
    private readonly CacheFleet _fleet;

    public InMemoryRelistFleet(int secrets, bool fireWaitsAtOnce)
    {
        Clock = new RelistClock(fireWaitsAtOnce);
        _fleet = CacheFleet.Build(secrets, ChangeDetectionStrategy.Watch, Clock);
    }

    public int Secrets => _fleet.Secrets;

    public RelistClock Clock { get; }

    public int Lists => _fleet.Source.ListCalls;

    public async Task ExpireAndResyncAsync(CancellationToken cancellationToken)
    {
        Clock.Skip(TimeSpan.FromMinutes(3));
        var lists = _fleet.Source.ExpireEveryWatch();
        await _fleet.Source.WaitForResyncAsync(lists, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _fleet.Dispose();
        return ValueTask.CompletedTask;
    }
}
