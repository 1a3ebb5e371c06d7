using System.Threading.Channels;
using SecretProjection.Agent;
using SecretProjection.Syncing;

namespace SecretProjection.Tests.Agent;

public class PodReportsTests
{
    [Fact]
    public void Each_report_is_the_agents_input_for_the_pod_in_order_and_completing_keeps_the_failure_and_writes_nothing()
    {
        var inputs = Channel.CreateUnbounded<AgentInput>();
        var reports = new PodReports("uid-web", inputs.Writer);
        var first = new SyncEvent { Kind = SyncEventKind.VolumeWritten, Pod = "ns/web", Trigger = SyncTrigger.Initial, Time = DateTimeOffset.UnixEpoch, Volume = "a" };
        var second = new SyncEvent { Kind = SyncEventKind.VolumeFailed, Pod = "ns/web", Trigger = SyncTrigger.Initial, Time = DateTimeOffset.UnixEpoch, Volume = "b" };
        var failure = new InvalidOperationException("broke");

        Assert.True(reports.TryWrite(first));
        Assert.True(reports.TryWrite(second));
        Assert.Null(reports.Failure);
        Assert.True(reports.TryComplete(failure));

        Assert.Same(failure, reports.Failure);
        Assert.True(inputs.Reader.TryRead(out var one));
        Assert.True(inputs.Reader.TryRead(out var two));
        Assert.Equal([new AgentInput.Synced("uid-web", first), new AgentInput.Synced("uid-web", second)], [one, two]);
        Assert.False(inputs.Reader.TryRead(out _)); // the agent writes the pod's end itself, after the sync's run
        Assert.False(inputs.Reader.Completion.IsCompleted);
    }
}
