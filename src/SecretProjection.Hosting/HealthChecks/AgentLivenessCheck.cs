using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SecretProjection.Hosting.HealthChecks;

/// <summary>Healthy while the hosted agent runs.</summary>
internal sealed class AgentLivenessCheck(NodeAgentService service) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(service.IsRunning ? HealthCheckResult.Healthy("the agent runs") : HealthCheckResult.Unhealthy("the agent does not run"));
}
