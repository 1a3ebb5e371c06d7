namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>Waits for conditions on state that other threads change: each change calls <see cref="Notify"/>.</summary>
internal sealed class Conditions
{
    private readonly Lock _lock = new();
    private readonly List<(Func<bool> Holds, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>Completes once <paramref name="condition"/> holds (at once if it does).</summary>
    public Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The state changed: completes the waits whose condition now holds.</summary>
    public void Notify()
    {
        lock (_lock)
        {
            foreach (var waiter in _waiters.Where(w => w.Holds()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }
}
