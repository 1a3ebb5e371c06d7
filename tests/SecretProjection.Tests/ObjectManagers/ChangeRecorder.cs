using System.Threading.Channels;
using SecretProjection.ObjectManagers;

namespace SecretProjection.Tests.ObjectManagers;

/// <summary>Records a manager's change notifications so that a test can wait for the next one.</summary>
internal sealed class ChangeRecorder<T> : IDisposable
    where T : class
{
    private readonly IObjectManager<T> _manager;
    private readonly Channel<ObjectChangedEventArgs> _changes = Channel.CreateUnbounded<ObjectChangedEventArgs>();

    public ChangeRecorder(IObjectManager<T> manager)
    {
        _manager = manager;
        _manager.Changed += OnChanged;
    }

    public async Task<ObjectChangedEventArgs> NextAsync() => await _changes.Reader.ReadAsync(ObjectManagerFixtures.Bounded());

    public bool TryNext(out ObjectChangedEventArgs? change) => _changes.Reader.TryRead(out change);

    public void Dispose() => _manager.Changed -= OnChanged;

    private void OnChanged(object? sender, ObjectChangedEventArgs e) => _changes.Writer.TryWrite(e);
}
