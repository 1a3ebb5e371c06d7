namespace SecretProjection.Writing;

/// <summary>
/// The contents of one generation (a <c>..&lt;timestamp&gt;</c> directory): its files, the other names in it, and
/// each directory's children. Built from a payload the writer has just published or verified (then it holds the
/// payload's digest, so the next write can compare without reading), or by walking a generation on disk.
/// </summary>
internal sealed class GenerationIndex
{
    // Children of each directory (the generation itself is ""), in ordinal order as IVolumeFileSystem.List gives them.
    private readonly Dictionary<string, List<string>> _directories;

    private GenerationIndex(string name, IReadOnlyCollection<string> files, Dictionary<string, long>? sizes, PayloadDigest? digest, List<string> others, Dictionary<string, List<string>> directories)
    {
        Name = name;
        Files = files;
        Sizes = sizes;
        Digest = digest;
        Others = others;
        _directories = directories;
    }

    /// <summary>The timestamped directory's name.</summary>
    public string Name { get; }

    /// <summary>The regular files, by path relative to the generation.</summary>
    public IReadOnlyCollection<string> Files { get; }

    /// <summary>The files' sizes when the generation was walked on disk; <see langword="null"/> when <see cref="Digest"/> is known.</summary>
    public Dictionary<string, long>? Sizes { get; }

    /// <summary>The digest of the payload the generation holds when the writer knows it (it wrote or verified the bytes), otherwise <see langword="null"/>.</summary>
    public PayloadDigest? Digest { get; }

    /// <summary>Paths that are neither files nor directories (links, devices): upstream removes them too.</summary>
    public List<string> Others { get; }

    /// <summary>The names directly in the generation directory.</summary>
    public IReadOnlyList<string> TopLevelNames => _directories[string.Empty];

    /// <summary>Whether <paramref name="name"/> is directly in the generation directory.</summary>
    public bool HasTopLevelName(string name) => _directories[string.Empty].BinarySearch(name, StringComparer.Ordinal) >= 0;

    /// <summary>Every path of the generation (files, directories, others), without the generation directory itself.</summary>
    public IEnumerable<string> AllPaths => Files.Concat(Others).Concat(_directories.Keys.Where(d => d.Length > 0));

    /// <summary>The generation the writer has just written (or found to hold exactly) <paramref name="files"/>, whose digest is <paramref name="digest"/>.</summary>
    public static GenerationIndex Of(string name, KeyValuePair<string, PayloadFile>[] files, PayloadDigest digest)
    {
        var directories = new Dictionary<string, List<string>>(StringComparer.Ordinal) { [string.Empty] = new(files.Length) };
        foreach (var (path, _) in files)
        {
            AddToParents(directories, path);
        }

        foreach (var children in directories.Values)
        {
            // Paths in ordinal order give each directory's names in order, but for a name that is both a
            // prefix of a file ("a-b") and a directory ("a/x"): sort only when that happened.
            if (!IsSorted(children))
            {
                children.Sort(StringComparer.Ordinal);
            }
        }

        return new GenerationIndex(name, Array.ConvertAll(files, f => f.Key), null, digest, [], directories);
    }

    /// <summary>Walks a generation on disk without following links (upstream's <c>filepath.Walk</c> of step 3).</summary>
    public static GenerationIndex Scan(IVolumeFileSystem fileSystem, string name)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var index = new GenerationIndex(name, sizes.Keys, sizes, null, [], new(StringComparer.Ordinal));
        index.ScanDirectory(fileSystem, string.Empty);
        return index;
    }

    /// <summary>
    /// Whether the generation on disk still has exactly the names this index lists, directory by directory (a
    /// listing each; files are not read). Someone who removed or added a file is noticed; someone who rewrote
    /// one in place behind the writer's back is not.
    /// </summary>
    public bool MatchesNames(IVolumeFileSystem fileSystem)
    {
        foreach (var (directory, children) in _directories)
        {
            if (!fileSystem.List(VolumeTree.Join(Name, directory)).SequenceEqual(children, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes the generation, files first, then directories deepest first; if it no longer looks as indexed, removes whatever is there.</summary>
    public void Remove(IVolumeFileSystem fileSystem)
    {
        try
        {
            foreach (var path in Files)
            {
                fileSystem.Remove(VolumeTree.Join(Name, path));
            }

            foreach (var path in Others)
            {
                fileSystem.Remove(VolumeTree.Join(Name, path));
            }

            if (_directories.Count > 1)
            {
                var directories = _directories.Keys.Where(d => d.Length > 0).ToArray();
                Array.Sort(directories, static (a, b) => b.Length.CompareTo(a.Length)); // a parent is shorter than its children
                foreach (var path in directories)
                {
                    fileSystem.Remove(VolumeTree.Join(Name, path));
                }
            }

            fileSystem.Remove(Name);
        }
        catch (IOException)
        {
            VolumeTree.RemoveAll(fileSystem, Name);
        }
    }

    private static bool IsSorted(List<string> names)
    {
        for (var i = 1; i < names.Count; i++)
        {
            if (string.CompareOrdinal(names[i - 1], names[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void AddToParents(Dictionary<string, List<string>> directories, string path)
    {
        for (var end = path.Length; end > 0;)
        {
            var slash = path.LastIndexOf('/', end - 1);
            var parent = slash < 0 ? string.Empty : path[..slash];
            var name = slash < 0 && end == path.Length ? path : path[(slash + 1)..end];
            if (directories.TryGetValue(parent, out var children))
            {
                children.Add(name);
                return; // its own parents are listed already
            }

            directories.Add(parent, [name]);
            end = slash < 0 ? 0 : slash;
        }
    }

    private void ScanDirectory(IVolumeFileSystem fileSystem, string directory)
    {
        var names = fileSystem.List(VolumeTree.Join(Name, directory));
        _directories.Add(directory, [.. names]);
        foreach (var name in names)
        {
            var path = VolumeTree.Join(directory, name);
            switch (fileSystem.GetEntry(VolumeTree.Join(Name, path)))
            {
                case { Kind: VolumeEntryKind.Directory }:
                    ScanDirectory(fileSystem, path);
                    break;
                case { Kind: VolumeEntryKind.File } file:
                    Sizes!.Add(path, file.Size);
                    break;
                case { }:
                    Others.Add(path);
                    break;
                default:
                    break; // gone since the listing
            }
        }
    }
}
