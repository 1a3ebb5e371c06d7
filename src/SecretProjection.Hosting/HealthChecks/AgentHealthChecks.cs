namespace SecretProjection.Hosting.HealthChecks;

/// <summary>The names and tags of the hosted node agent's health checks: filter by tag for <c>/healthz</c> and <c>/readyz</c>.</summary>
public static class AgentHealthChecks
{
    /// <summary>The liveness check's name.</summary>
    public const string LiveName = "secretprojection-agent-live";

    /// <summary>The readiness check's name.</summary>
    public const string ReadyName = "secretprojection-agent-ready";

    /// <summary>The tag of the liveness check (<c>/healthz</c>): healthy while the agent runs.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the readiness check (<c>/readyz</c>): healthy once the first list is done and every volume was written or failed once.</summary>
    public const string ReadyTag = "ready";
}
