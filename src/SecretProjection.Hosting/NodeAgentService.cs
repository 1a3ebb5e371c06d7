using Microsoft.Extensions.Hosting;
using SecretProjection.Agent;

namespace SecretProjection.Hosting;

/// <summary>
/// The hosted node agent: runs <see cref="INodeAgent"/> from the host's start until its stop (the writes in
/// progress end first; the volumes stay), handing each event to the registered <see cref="IAgentEventObserver"/>s.
/// </summary>
public sealed class NodeAgentService : BackgroundService
{
    private readonly INodeAgent _agent;
    private readonly IAgentEventObserver[] _observers;
    private volatile bool _running;

    /// <summary>Creates the service.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="observers">Who receives the events.</param>
    public NodeAgentService(INodeAgent agent, IEnumerable<IAgentEventObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(observers);
        _agent = agent;
        _observers = [.. observers];
    }

    /// <summary>The agent.</summary>
    public INodeAgent Agent => _agent;

    /// <summary>Whether the agent runs: from the host's start until it stops or fails.</summary>
    public bool IsRunning => _running;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        try
        {
            await foreach (var agentEvent in _agent.RunAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var observer in _observers)
                {
                    observer.OnEvent(agentEvent);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}
