using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.ObjectManagers;

public class GetManagerTests
{
    private readonly InMemoryObjectSource<Secret> _source = InMemoryObjectSource.ForSecrets();

    [Fact]
    public async Task Every_read_goes_to_the_source_without_registration()
    {
        using var manager = Manager(_source, new SimulatedClock(), ChangeDetectionStrategy.Get);
        _source.Put(Secret("s", "v1"));

        Assert.Equal("v1", Value((await manager.GetAsync(Ns, "s")).Value));
        _source.Put(Secret("s", "v2"));
        Assert.Equal("v2", Value((await manager.GetAsync(Ns, "s")).Value));
        Assert.Equal(LookupStatus.NotFound, (await manager.GetAsync(Ns, "missing")).Status);

        Assert.Equal(3, _source.GetCalls);
        Assert.IsType<GetManager<Secret>>(manager);
    }

    [Fact]
    public async Task Registration_opens_no_watch_and_failures_are_results()
    {
        using var manager = Manager(_source, new SimulatedClock(), ChangeDetectionStrategy.Get);
        manager.RegisterPod(PodReading("p", "s"));
        _source.FailNextGet("forbidden");

        Assert.Equal("forbidden", (await manager.GetAsync(Ns, "s")).Failure);
        manager.UnregisterPod(PodReading("p", "s"));
        Assert.Equal((0, 0), (_source.ListCalls, _source.WatchCalls));
    }
}
