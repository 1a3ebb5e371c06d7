using System.Diagnostics.Metrics;
using SecretProjection.Diagnostics;

namespace SecretProjection.Agent;

/// <summary>
/// The node agent's instruments: <c>secretprojection.agent.pods</c> (pods whose volumes are synced) and
/// <c>secretprojection.agent.volumes.removed</c> (volume directories removed with their pod).
/// </summary>
internal sealed class NodeAgentMetrics
{
    private readonly UpDownCounter<long> _pods;
    private readonly Counter<long> _removed;

    public NodeAgentMetrics(IMeterFactory? meterFactory)
    {
        var meter = SecretProjectionMeter.Get(meterFactory);
        _pods = meter.CreateUpDownCounter<long>("secretprojection.agent.pods", "{pod}", "Pods of the node whose volumes are synced.");
        _removed = meter.CreateCounter<long>("secretprojection.agent.volumes.removed", "{volume}", "Volume directories removed with their pod.");
    }

    public void PodStarted() => _pods.Add(1);

    public void PodStopped() => _pods.Add(-1);

    public void VolumeRemoved() => _removed.Add(1);

}
