using SecretProjection.Writing;

namespace SecretProjection.TestSupport.Writing;

/// <summary>Counts the port operations a writer issues, so "writes nothing" can be asserted on any backend.</summary>
internal sealed class CountingVolumeFileSystem(IVolumeFileSystem inner) : IVolumeFileSystem
{
    public int Reads { get; private set; }

    public int Writes { get; private set; }

    public int FileReads { get; private set; }

    public VolumeEntry? GetEntry(string path) => Read(() => inner.GetEntry(path));

    public IReadOnlyList<string> List(string path) => Read(() => inner.List(path));

    public byte[] ReadFile(string path)
    {
        FileReads++;
        return Read(() => inner.ReadFile(path));
    }

    public string? ReadLink(string path) => Read(() => inner.ReadLink(path));

    public void CreateDirectory(string path, int mode) => Write(() => inner.CreateDirectory(path, mode));

    public void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user)
    {
        Writes++;
        inner.WriteFile(path, data, mode, user);
    }

    public void CreateSymlink(string target, string path) => Write(() => inner.CreateSymlink(target, path));

    public void Rename(string from, string to) => Write(() => inner.Rename(from, to));

    public void Remove(string path) => Write(() => inner.Remove(path));

    public void SetMode(string path, int mode) => Write(() => inner.SetMode(path, mode));

    public void SetOwner(string path, long? user, long? group) => Write(() => inner.SetOwner(path, user, group));

    public IDisposable? BeginWrite() => inner.BeginWrite();

    private T Read<T>(Func<T> operation)
    {
        Reads++;
        return operation();
    }

    private void Write(Action operation)
    {
        Writes++;
        operation();
    }
}
