using SecretProjection.Agent;

namespace SecretProjection.Hosting;

/// <summary>Receives every event of the hosted node agent, in order; register as many as needed.</summary>
public interface IAgentEventObserver
{
    /// <summary>Called on the agent's service for each event; must return quickly.</summary>
    /// <param name="agentEvent">What happened; never a value.</param>
    void OnEvent(AgentEvent agentEvent);
}
