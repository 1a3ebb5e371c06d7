using System.Runtime.InteropServices;

namespace SecretProjection.Linux.Tests.Hardening;

/// <summary>
/// Another user of the host, on a thread of its own: repeats one change to the volume directory (swap a directory
/// for a link, plant a hard link, ...) as fast as it can until disposed, and counts the rounds. The system calls
/// are made directly, with their errors ignored: the writer may have removed or replaced what the racer expects.
/// </summary>
internal sealed partial class Racer : IDisposable
{
    private readonly Thread _thread;
    private readonly Action _round;
    private volatile bool _stop;
    private long _rounds;
    private Exception? _failure;

    /// <param name="round">One round of changes.</param>
    /// <param name="once">Whether to stop after the first round (one change at a random moment of one write).</param>
    public Racer(Action round, bool once = false)
    {
        _round = round;
        _stop = once;
        _thread = new Thread(Run) { IsBackground = true, Name = "racer" };
        _thread.Start();
    }

    /// <summary>Rounds completed so far.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Stops after the round in progress and rethrows what a round threw.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        if (_failure is not null)
        {
            throw new InvalidOperationException("the racer failed", _failure);
        }
    }

    /// <summary>Spins for <paramref name="microseconds"/>: the racer's own rhythm, not a wait for anything.</summary>
    public static void Spin(int microseconds)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + (microseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000);
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
        {
        }
    }

    /// <summary>rename(2): atomically replaces <paramref name="to"/>; false when the call failed.</summary>
    public static bool Rename(string from, string to) => RenameNative(from, to) == 0;

    /// <summary>symlink(2); false when the call failed.</summary>
    public static bool Symlink(string target, string path) => SymlinkNative(target, path) == 0;

    /// <summary>link(2), a hard link; false when the call failed.</summary>
    public static bool Link(string existing, string path) => LinkNative(existing, path) == 0;

    /// <summary>unlink(2) of a file or link; false when the call failed.</summary>
    public static bool Unlink(string path) => UnlinkNative(path) == 0;

    private void Run()
    {
        try
        {
            do
            {
                _round();
                Interlocked.Increment(ref _rounds);
            }
            while (!_stop);
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SymlinkNative(string target, string path);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string existing, string path);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkNative(string path);
}
