using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecretProjection.Agent;

namespace SecretProjection.Hosting.HealthChecks;

/// <summary>Healthy once the agent's first list is done and every volume of its pods was written or failed once.</summary>
internal sealed class AgentReadinessCheck(INodeAgent agent) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(agent.IsReady
            ? HealthCheckResult.Healthy($"the pods of node {agent.NodeName} are synced")
            : HealthCheckResult.Unhealthy($"the pods of node {agent.NodeName} are not synced yet"));
}
