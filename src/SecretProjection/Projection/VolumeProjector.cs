using SecretProjection.Writing;

namespace SecretProjection.Projection;

/// <summary>
/// One volume kept in its directory from its plans: each <see cref="Project"/> hands a plan to the atomic writer as
/// the kubelet's secret, configMap and projected plugins do in <c>SetUpAt</c> (plan → payload → write), and says what
/// happened. The operation of <c>project</c>, of a pod sync and of a node agent, for one volume.
/// </summary>
/// <remarks>
/// <para>
/// A failed plan writes nothing and opens nothing. The volume's directory is opened on the first plan that can be
/// written, and opened again on the next one while opening fails (as the kubelet retries a failed mount); the
/// writer then lives as long as the projector, so an unchanged volume is recognised from the writer's index rather
/// than by reading every file. A write that fails leaves the previous generation in place (the writer guarantees
/// it) and is reported, never thrown. As the kubelet, a refused change of a file's group or mode (a writer that is
/// not root) is skipped and the volume still written; a refused owner of a file (<c>defaultUser</c>, an item's
/// <c>user</c>) fails the volume, as upstream's <c>Lchown</c> of a file projection does.
/// </para>
/// <para>
/// There is no state beyond the instance: a node agent keeps one projector per volume of each pod (its identity is
/// the agent's key, say pod UID and <see cref="Volume"/>), and disposes it with the volume. Calls on one instance
/// are serialized by the writer.
/// </para>
/// </remarks>
public sealed class VolumeProjector : IDisposable
{
    private readonly Func<IVolumeFileSystem> _open;
    private readonly AtomicWriterOptions _options;
    private IVolumeFileSystem? _fileSystem;
    private IAtomicWriter? _writer;

    /// <summary>Creates the projector of one volume; nothing is opened yet.</summary>
    /// <param name="volume">The volume's name (each plan given must be of it).</param>
    /// <param name="open">Opens the volume's directory, on the first plan that can be written (and again after it threw).</param>
    /// <param name="options">The writer's clock and random source; the defaults when <see langword="null"/>.</param>
    public VolumeProjector(string volume, Func<IVolumeFileSystem> open, AtomicWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(open);
        Volume = volume;
        _open = open;
        _options = options ?? new AtomicWriterOptions();
    }

    /// <summary>The volume's name.</summary>
    public string Volume { get; }

    /// <summary>Writes the plan's payload into the volume, unless the plan failed.</summary>
    /// <param name="plan">The volume's plan, from <see cref="PodPlanner.Plan"/>.</param>
    /// <returns>Written, unchanged, or failed with the reason: the plan's errors, or the writer's.</returns>
    /// <exception cref="ArgumentException">The plan is of another volume.</exception>
    public VolumeResult Project(VolumePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Name != Volume)
        {
            throw new ArgumentException($"The plan is of volume \"{plan.Name}\", not \"{Volume}\".", nameof(plan));
        }

        if (plan.ErrorMessage is { } error)
        {
            return VolumeResult.Failed(Volume, error);
        }

        try
        {
            _writer ??= AtomicWriter.Create(_fileSystem ??= _open(), _options);
            var write = _writer.Write(plan.ToPayload());
            return new VolumeResult
            {
                Volume = Volume,
                Outcome = write.Changed ? VolumeOutcome.Written : VolumeOutcome.Unchanged,
                DataDirectory = write.DataDirectory,
                Replaced = write.Replaced,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidPayloadException)
        {
            return VolumeResult.Failed(Volume, e.Message);
        }
    }

    /// <summary>Closes the volume's directory, if it was opened and can be closed; what was written stays.</summary>
    public void Dispose()
    {
        (_fileSystem as IDisposable)?.Dispose();
        _fileSystem = null;
        _writer = null;
    }
}
