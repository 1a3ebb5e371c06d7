namespace SecretProjection.Writing;

/// <summary>
/// Upstream's <c>AtomicWriter.Write</c> (pkg/volume/util/atomic_writer.go) over <see cref="IVolumeFileSystem"/>,
/// plus recovery from an interrupted write. Steps (upstream's numbering):
/// (1) validate and clean the paths; (2) read <c>..data</c>; (3) find the names of the old generation that the
/// payload drops; (4) compare bytes: nothing changed and nothing dropped → only recreate missing visible links;
/// (5) make the timestamped directory; (6) write the files with exact modes and owners; (7) fsGroup ownership;
/// (8) <c>..data_tmp</c> link; (9) <c>rename(..data_tmp, ..data)</c>; (10) visible links; (11) remove dropped
/// visible links; (12) remove the old timestamped directory.
/// </summary>
/// <remarks>
/// Differences from upstream, both for readers' sake: step (10) runs before (8), as it did upstream before it
/// was moved after the swap for Windows only; a link created early dangles until the swap, so a reader never
/// sees a generation without one of its names. And before (2), what an interrupted write left is removed:
/// a stray <c>..data_tmp</c>, timestamped directories <c>..data</c> does not point to, and visible links to
/// names the current generation does not have. As upstream, only bytes decide whether to write: a change of
/// mode or owner alone does not publish a new generation.
/// <para>
/// Cost: upstream is built anew for every sync and reads the whole generation to compare. This writer keeps
/// an index of the generation it last published or verified (its paths and the payload's SHA-256, see
/// <see cref="GenerationIndex"/>) and trusts it while <c>..data</c> still points to that generation and each of
/// its directories still lists exactly the indexed names; steps (3) and (4) then cost one listing per
/// directory instead of a walk and a read of every file, and step (12) removes the indexed paths without
/// walking. Anything else (another writer swapped <c>..data</c>, a file was added or removed, a write failed)
/// drops the index and the next write walks and reads as upstream does. What the index cannot see is a file
/// rewritten in place behind the writer's back with the same name; the kubelet's volumes are not written
/// by anyone but their writer.
/// </para>
/// </remarks>
internal sealed class VolumeWriter : IAtomicWriter
{
    private const int MaxNameAttempts = 10000; // as os.MkdirTemp

    private readonly IVolumeFileSystem _fs;
    private readonly AtomicWriterOptions _options;

    // What this writer last left in the volume; guarded by the lock on _fs, dropped when a write fails.
    private GenerationIndex? _published;

    public VolumeWriter(IVolumeFileSystem fileSystem, AtomicWriterOptions options)
    {
        _fs = fileSystem;
        _options = options;
    }

    public AtomicWriteResult Write(VolumePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var files = PayloadPaths.Clean(payload);
        // The file system instance is the volume's gate, so two writers over one volume do not interleave.
        lock (_fs)
        {
            var published = _published;
            _published = null;
            using (_fs.BeginWrite())
            {
                return WriteValidated(files, payload.FsGroup, published);
            }
        }
    }

    private AtomicWriteResult WriteValidated(KeyValuePair<string, PayloadFile>[] files, long? fsGroup, GenerationIndex? published)
    {
        var names = new HashSet<string>(_fs.List(string.Empty), StringComparer.Ordinal);
        var replaced = new List<string>();
        var oldTsDir = CurrentGeneration(names, replaced);
        var old = oldTsDir is null ? null
            : published is not null && published.Name == oldTsDir && published.MatchesNames(_fs) ? published
            : GenerationIndex.Scan(_fs, oldTsDir);
        Recover(names, oldTsDir, old);

        // Steps (3) and (4). With the writer's own index the digest answers both: equal digests mean the same
        // paths and bytes, and when they differ the write happens anyway and only dropped visible names matter.
        var digest = PayloadDigest.Of(files);
        var unchanged = old is not null && (old.Digest is { } known
            ? known == digest
            : !DropsPaths(files, old) && !ShouldWritePayload(files, old));
        if (unchanged)
        {
            // The restart fix (upstream #121472): the data is there, but a visible link may not be.
            CreateUserVisibleFiles(files, names, created: null, replaced);
            _published = old!.Digest is null ? GenerationIndex.Of(old.Name, files, digest) : old;
            return new AtomicWriteResult(changed: false, old.Name) { Replaced = Reported(replaced) };
        }

        var tsDir = NewTimestampDirectory(names, fsGroup);
        var createdLinks = new List<string>();
        try
        {
            WritePayloadToDirectory(files, tsDir, fsGroup);
            if (fsGroup is { } group)
            {
                VolumeOwnership.Apply(_fs, group, TopLevelNames(files).Where(names.Contains));
            }

            CreateUserVisibleFiles(files, names, createdLinks, replaced);
            _fs.CreateSymlink(tsDir, VolumeLayout.NewDataDirectory);
            _fs.Rename(VolumeLayout.NewDataDirectory, VolumeLayout.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard(tsDir, createdLinks);
            throw;
        }

        // Step (11): the old generation's first path elements that the payload no longer has.
        var written = GenerationIndex.Of(tsDir, files, digest);
        if (old is not null)
        {
            foreach (var name in old.TopLevelNames)
            {
                if (!written.HasTopLevelName(name) && names.Contains(name) && _fs.GetEntry(name) is { Kind: VolumeEntryKind.Symlink })
                {
                    _fs.Remove(name);
                }
            }
        }

        old?.Remove(_fs);
        _published = written;
        return new AtomicWriteResult(changed: true, tsDir) { Replaced = Reported(replaced) };
    }

    private static IReadOnlyList<string> Reported(List<string> replaced) => replaced.Count == 0 ? [] : replaced.ToArray();

    /// <summary>
    /// The directory <c>..data</c> points to. A target that is not a reserved name of a real directory in the
    /// volume (a planted link elsewhere) is never walked: the write replaces it. A <c>..data</c> that is not a link
    /// at all (a planted directory would block the swap forever) is moved out of the way first. Either is reported.
    /// </summary>
    private string? CurrentGeneration(HashSet<string> names, List<string> replaced)
    {
        if (!names.Contains(VolumeLayout.DataDirectory))
        {
            return null;
        }

        string? target;
        try
        {
            target = _fs.ReadLink(VolumeLayout.DataDirectory);
        }
        catch (IOException) when (_fs.GetEntry(VolumeLayout.DataDirectory) is { Kind: not VolumeEntryKind.Symlink })
        {
            MoveAway(VolumeLayout.DataDirectory, names);
            replaced.Add(VolumeLayout.DataDirectory);
            return null;
        }

        if (target is not null && IsGenerationName(target) && names.Contains(target) && _fs.GetEntry(target) is { Kind: VolumeEntryKind.Directory })
        {
            return target;
        }

        if (target is not null)
        {
            replaced.Add(VolumeLayout.DataDirectory); // a link elsewhere, or to nothing: the swap replaces it
        }

        return null;
    }

    /// <summary>Renames <paramref name="name"/> out of the way atomically, then removes it and whatever it holds.</summary>
    private void MoveAway(string name, HashSet<string> names)
    {
        if (names.Remove(VolumeLayout.MovedAway))
        {
            VolumeTree.RemoveAll(_fs, VolumeLayout.MovedAway);
        }

        _fs.Rename(name, VolumeLayout.MovedAway);
        names.Remove(name);
        VolumeTree.RemoveAll(_fs, VolumeLayout.MovedAway);
    }

    private static bool IsGenerationName(string name) =>
        VolumeLayout.IsReserved(name) && name.Length > 2 && !name.Contains('/', StringComparison.Ordinal)
        && name != VolumeLayout.DataDirectory && name != VolumeLayout.NewDataDirectory;

    /// <summary>
    /// Removes what an interrupted write left: reserved names other than <c>..data</c> and its generation, and
    /// visible links to names that generation does not have. In a clean volume it touches nothing.
    /// </summary>
    private void Recover(HashSet<string> names, string? currentTsDir, GenerationIndex? current)
    {
        List<string>? removed = null;
        foreach (var name in names)
        {
            if (VolumeLayout.IsReserved(name))
            {
                if (name != VolumeLayout.DataDirectory && name != currentTsDir)
                {
                    VolumeTree.RemoveAll(_fs, name);
                    (removed ??= []).Add(name);
                }
            }
            else if ((current is null || !current.HasTopLevelName(name))
                && _fs.GetEntry(name) is { Kind: VolumeEntryKind.Symlink }
                && _fs.ReadLink(name) == VolumeLayout.VisibleLinkTarget(name))
            {
                _fs.Remove(name);
                (removed ??= []).Add(name);
            }
        }

        names.ExceptWith(removed ?? []);
    }

    /// <summary>Step (3): whether the old generation has a path that is neither in the payload nor a parent of its paths.</summary>
    private static bool DropsPaths(KeyValuePair<string, PayloadFile>[] files, GenerationIndex old)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, _) in files)
        {
            foreach (var self in PayloadPaths.SelfAndParents(path))
            {
                if (!kept.Add(self))
                {
                    break; // its parents are there already
                }
            }
        }

        return old.AllPaths.Any(path => !kept.Contains(path));
    }

    /// <summary>Step (4) without the writer's index: whether any payload file is missing from the old generation or holds other bytes.</summary>
    private bool ShouldWritePayload(KeyValuePair<string, PayloadFile>[] files, GenerationIndex old)
    {
        foreach (var (path, file) in files)
        {
            if (!old.Sizes!.TryGetValue(path, out var size) || size != file.Data.Length
                || !file.Data.Span.SequenceEqual(_fs.ReadFile(VolumeTree.Join(old.Name, path))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Step (5): <c>..&lt;UTC time&gt;.&lt;random&gt;</c>, mode 0755 whatever the umask. With an fsGroup it gets the
    /// group and the bits of step (7) at once, so that what is created in it inherits the group (set-group-id)
    /// and step (7) finds the generation done instead of changing every file again.
    /// </summary>
    private string NewTimestampDirectory(HashSet<string> names, long? fsGroup)
    {
        var now = _options.TimeProvider.GetUtcNow();
        for (var attempt = 0; attempt < MaxNameAttempts; attempt++)
        {
            var name = VolumeLayout.TimestampDirectoryName(now, (uint)_options.Random.NextInt64(0, 1L << 32));
            if (!names.Contains(name) && _fs.GetEntry(name) is null)
            {
                _fs.CreateDirectory(name, VolumeOwnership.DirectoryMode(VolumeLayout.DirectoryMode, fsGroup));
                if (fsGroup is { } group)
                {
                    VolumeTree.BestEffort(() => _fs.SetOwner(name, null, group)); // as step (7): not root, no group
                }

                return name;
            }
        }

        throw new IOException("cannot create a new timestamped directory: every name tried exists");
    }

    /// <summary>
    /// Step (6): parents first (0755, 02755 with an fsGroup: made in the generation directory, they and the files
    /// get its group), then each file with its exact mode and owner, as the payload gives them; a file whose group
    /// is not the volume's is given it afterwards, as step (7) would (best effort).
    /// </summary>
    private void WritePayloadToDirectory(KeyValuePair<string, PayloadFile>[] files, string tsDir, long? fsGroup)
    {
        HashSet<string>? made = null;
        foreach (var (path, file) in files)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                var parent = path[..slash];
                if ((made ??= new(StringComparer.Ordinal)).Add(parent))
                {
                    _fs.CreateDirectory(VolumeTree.Join(tsDir, parent), VolumeOwnership.DirectoryMode(VolumeLayout.DirectoryMode, fsGroup));
                }
            }

            var filePath = VolumeTree.Join(tsDir, path);
            _fs.WriteFile(filePath, file.Data.Span, file.Mode, file.User);
            if (file.Group is { } group && group != fsGroup)
            {
                VolumeTree.BestEffort(() => _fs.SetOwner(filePath, null, group));
            }
        }
    }

    /// <summary>
    /// Step (10): <c>name -> ..data/name</c> for each first path element. A name that has no entry yet gets its link;
    /// upstream leaves a name that has one, whatever it is, so readers would get what someone planted there. Here a
    /// name that is not exactly that link is replaced by it atomically (a link made beside it and renamed over it;
    /// a directory is moved away first) and reported.
    /// </summary>
    private void CreateUserVisibleFiles(KeyValuePair<string, PayloadFile>[] files, HashSet<string> names, List<string>? created, List<string> replaced)
    {
        foreach (var name in TopLevelNames(files))
        {
            var target = VolumeLayout.VisibleLinkTarget(name);
            if (!names.Contains(name))
            {
                _fs.CreateSymlink(target, name);
                names.Add(name);
                created?.Add(name);
            }
            else if (!IsVisibleLink(name))
            {
                if (_fs.GetEntry(name) is { Kind: VolumeEntryKind.Directory })
                {
                    MoveAway(name, names);
                    _fs.CreateSymlink(target, name);
                    names.Add(name);
                }
                else
                {
                    _fs.CreateSymlink(target, VolumeLayout.NewVisibleLink);
                    _fs.Rename(VolumeLayout.NewVisibleLink, name);
                }

                replaced.Add(name);
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is exactly the link <c>name -> ..data/name</c>.</summary>
    private bool IsVisibleLink(string name)
    {
        try
        {
            return _fs.ReadLink(name) == VolumeLayout.VisibleLinkTarget(name);
        }
        catch (IOException)
        {
            return false; // not a link
        }
    }

    /// <summary>The first path elements of the (ordered) payload, each once.</summary>
    private static IEnumerable<string> TopLevelNames(KeyValuePair<string, PayloadFile>[] files)
    {
        string? previous = null;
        foreach (var (path, _) in files)
        {
            var name = PayloadPaths.TopLevelName(path);
            if (name != previous)
            {
                previous = name;
                yield return name;
            }
        }
    }

    /// <summary>After a failed write: best effort to leave the volume as it was (recovery finishes the job).</summary>
    private void Discard(string tsDir, List<string> createdLinks)
    {
        VolumeTree.BestEffort(() =>
        {
            if (_fs.GetEntry(VolumeLayout.NewDataDirectory) is not null)
            {
                _fs.Remove(VolumeLayout.NewDataDirectory);
            }
        });
        VolumeTree.BestEffort(() => VolumeTree.RemoveAll(_fs, tsDir));
        foreach (var link in createdLinks)
        {
            VolumeTree.BestEffort(() => _fs.Remove(link));
        }
    }
}
