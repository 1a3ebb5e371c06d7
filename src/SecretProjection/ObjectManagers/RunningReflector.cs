namespace SecretProjection.ObjectManagers;

/// <summary>
/// A reflector that runs on its own until a token stops it, and says when its loop has ended: the agent's pods of a
/// node and the pod a sync follows. (The watch-based store's objects are stopped by their store, and keep no such
/// task: there are thousands of them.)
/// </summary>
/// <typeparam name="TList">What a list answers.</typeparam>
/// <typeparam name="T">The object type.</typeparam>
internal abstract class RunningReflector<TList, T> : Reflector<TList, T>
    where T : class
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc cref="Reflector{TList, T}"/>
    protected RunningReflector(string @namespace, string name)
        : base(@namespace, name)
    {
    }

    /// <summary>Lists and watches until <paramref name="stop"/> is cancelled (once); completes when the loop has ended.</summary>
    /// <exception cref="InvalidOperationException">It runs already, or ran.</exception>
    public Task RunAsync(CancellationToken stop)
    {
        if (!TryStart())
        {
            throw new InvalidOperationException($"The reflector of {Settings.Kind} {Name} runs once.");
        }

        var signal = StopSignal!;
        _ = stop.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), signal);
        RunOnThreadPool();
        return _ended.Task;
    }

    protected sealed override void OnEnded() => _ended.TrySetResult();
}
