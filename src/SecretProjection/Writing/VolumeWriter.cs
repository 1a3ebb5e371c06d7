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
/// </remarks>
internal sealed class VolumeWriter : IAtomicWriter
{
    private const int MaxNameAttempts = 10000; // as os.MkdirTemp

    private readonly IVolumeFileSystem _fs;
    private readonly AtomicWriterOptions _options;

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
            return WriteValidated(files);
        }
    }

    private AtomicWriteResult WriteValidated(SortedDictionary<string, PayloadFile> files)
    {
        var oldTsDir = CurrentGeneration();
        Recover(oldTsDir);

        var pathsToRemove = new SortedSet<string>(StringComparer.Ordinal);
        if (oldTsDir is not null)
        {
            pathsToRemove = PathsToRemove(files, oldTsDir);
            if (pathsToRemove.Count == 0 && !ShouldWritePayload(files, oldTsDir))
            {
                // The restart fix (upstream #121472): the data is there, but a visible link may not be.
                CreateUserVisibleFiles(files, created: null);
                return new AtomicWriteResult(Changed: false, oldTsDir);
            }
        }

        var tsDir = NewTimestampDirectory();
        var createdLinks = new List<string>();
        try
        {
            WritePayloadToDirectory(files, tsDir);
            if (_options.FsGroup is { } fsGroup)
            {
                VolumeOwnership.Apply(_fs, fsGroup, _options.ReadOnly);
            }

            CreateUserVisibleFiles(files, createdLinks);
            _fs.CreateSymlink(tsDir, VolumeLayout.NewDataDirectory);
            _fs.Rename(VolumeLayout.NewDataDirectory, VolumeLayout.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard(tsDir, createdLinks);
            throw;
        }

        foreach (var path in pathsToRemove.Where(p => !p.Contains('/', StringComparison.Ordinal)))
        {
            if (_fs.GetEntry(path) is { Kind: VolumeEntryKind.Symlink })
            {
                _fs.Remove(path);
            }
        }

        if (oldTsDir is not null)
        {
            VolumeTree.RemoveAll(_fs, oldTsDir);
        }

        return new AtomicWriteResult(Changed: true, tsDir);
    }

    /// <summary>
    /// The directory <c>..data</c> points to. A target that is not a reserved name of a real directory in the
    /// volume (a planted link elsewhere) is never walked: the write replaces it.
    /// </summary>
    private string? CurrentGeneration()
    {
        if (_fs.GetEntry(VolumeLayout.DataDirectory) is not { Kind: VolumeEntryKind.Symlink })
        {
            return null;
        }

        var target = _fs.ReadLink(VolumeLayout.DataDirectory);
        return target is not null && IsGenerationName(target) && _fs.GetEntry(target) is { Kind: VolumeEntryKind.Directory } ? target : null;
    }

    private static bool IsGenerationName(string name) =>
        VolumeLayout.IsReserved(name) && name.Length > 2 && !name.Contains('/', StringComparison.Ordinal)
        && name != VolumeLayout.DataDirectory && name != VolumeLayout.NewDataDirectory;

    /// <summary>Removes what an interrupted write left; reads only when there is nothing to remove.</summary>
    private void Recover(string? currentTsDir)
    {
        var names = _fs.List(string.Empty);
        var current = currentTsDir is null ? [] : new HashSet<string>(_fs.List(currentTsDir), StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (VolumeLayout.IsReserved(name))
            {
                if (name != VolumeLayout.DataDirectory && name != currentTsDir)
                {
                    VolumeTree.RemoveAll(_fs, name);
                }
            }
            else if (!current.Contains(name)
                && _fs.GetEntry(name) is { Kind: VolumeEntryKind.Symlink }
                && _fs.ReadLink(name) == VolumeLayout.VisibleLinkTarget(name))
            {
                _fs.Remove(name);
            }
        }
    }

    /// <summary>Step (3): the paths of the old generation that are neither in the payload nor parents of its paths.</summary>
    private SortedSet<string> PathsToRemove(SortedDictionary<string, PayloadFile> files, string oldTsDir)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        VolumeTree.Walk(_fs, oldTsDir, (path, _) =>
        {
            if (path.Length > oldTsDir.Length)
            {
                paths.Add(path[(oldTsDir.Length + 1)..]);
            }
        });
        paths.ExceptWith(files.Keys.SelectMany(PayloadPaths.SelfAndParents));
        return paths;
    }

    /// <summary>Step (4): whether any payload file is missing from the old generation or holds other bytes.</summary>
    private bool ShouldWritePayload(SortedDictionary<string, PayloadFile> files, string oldTsDir)
    {
        foreach (var (path, file) in files)
        {
            var full = VolumeTree.Join(oldTsDir, path);
            if (_fs.GetEntry(full) is not { Kind: VolumeEntryKind.File } entry
                || entry.Size != file.Data.Length
                || !file.Data.Span.SequenceEqual(_fs.ReadFile(full)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Step (5): <c>..&lt;UTC time&gt;.&lt;random&gt;</c>, mode 0755 whatever the umask.</summary>
    private string NewTimestampDirectory()
    {
        var now = _options.TimeProvider.GetUtcNow();
        for (var attempt = 0; attempt < MaxNameAttempts; attempt++)
        {
            var name = VolumeLayout.TimestampDirectoryName(now, (uint)_options.Random.NextInt64(0, 1L << 32));
            if (_fs.GetEntry(name) is null)
            {
                _fs.CreateDirectory(name, VolumeLayout.DirectoryMode);
                return name;
            }
        }

        throw new IOException("cannot create a new timestamped directory: every name tried exists");
    }

    /// <summary>Step (6): parents first (0755), then each file with its exact mode and owner.</summary>
    private void WritePayloadToDirectory(SortedDictionary<string, PayloadFile> files, string tsDir)
    {
        var made = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, file) in files)
        {
            foreach (var parent in PayloadPaths.SelfAndParents(path).Skip(1).Reverse())
            {
                if (made.Add(parent))
                {
                    _fs.CreateDirectory(VolumeTree.Join(tsDir, parent), VolumeLayout.DirectoryMode);
                }
            }

            _fs.WriteFile(VolumeTree.Join(tsDir, path), file.Data.Span, file.Mode, file.User);
        }
    }

    /// <summary>Step (10): <c>name -> ..data/name</c> for each first path element that has no entry yet.</summary>
    private void CreateUserVisibleFiles(SortedDictionary<string, PayloadFile> files, List<string>? created)
    {
        foreach (var name in files.Keys.Select(PayloadPaths.TopLevelName).Distinct(StringComparer.Ordinal))
        {
            if (_fs.GetEntry(name) is null)
            {
                _fs.CreateSymlink(VolumeLayout.VisibleLinkTarget(name), name);
                created?.Add(name);
            }
        }
    }

    /// <summary>After a failed write: best effort to leave the volume as it was (recovery finishes the job).</summary>
    private void Discard(string tsDir, List<string> createdLinks)
    {
        BestEffort(() =>
        {
            if (_fs.GetEntry(VolumeLayout.NewDataDirectory) is not null)
            {
                _fs.Remove(VolumeLayout.NewDataDirectory);
            }
        });
        BestEffort(() => VolumeTree.RemoveAll(_fs, tsDir));
        foreach (var link in createdLinks)
        {
            BestEffort(() => _fs.Remove(link));
        }
    }

    private static void BestEffort(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Recovery at the start of the next write removes what is left.
        }
    }
}
