namespace SecretProjection.Writing;

/// <summary>
/// The contents of one generation (a <c>..&lt;timestamp&gt;</c> directory): its files, the other names in it, and
/// each directory's children. Built from a payload the writer has just published or verified (then it holds the
/// payload's digest, so the next write can compare without reading), or by walking a generation on disk.
/// </summary>
internal sealed class GenerationIndex
{
    // Each directory's children, the generation itself ("") first, in ordinal order as IVolumeFileSystem.List gives
    // them. Arrays, as the writer keeps an index per volume for the volume's life: a flat generation (no
    // subdirectory, the common case) lists its files, and then shares the array of Files.
    private readonly KeyValuePair<string, string[]>[] _directories;

    private GenerationIndex(string name, IReadOnlyCollection<string> files, Dictionary<string, long>? sizes, PayloadDigest? digest, IReadOnlyList<string> others, KeyValuePair<string, string[]>[] directories)
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
    public IReadOnlyList<string> Others { get; }

    /// <summary>The names directly in the generation directory.</summary>
    public IReadOnlyList<string> TopLevelNames => _directories[0].Value;

    /// <summary>Whether <paramref name="name"/> is directly in the generation directory.</summary>
    public bool HasTopLevelName(string name) => Array.BinarySearch(_directories[0].Value, name, StringComparer.Ordinal) >= 0;

    /// <summary>Every path of the generation (files, directories, others), without the generation directory itself.</summary>
    public IEnumerable<string> AllPaths => Files.Concat(Others).Concat(_directories.Skip(1).Select(d => d.Key));

    /// <summary>The generation the writer has just written (or found to hold exactly) <paramref name="files"/>, whose digest is <paramref name="digest"/>.</summary>
    public static GenerationIndex Of(string name, KeyValuePair<string, PayloadFile>[] files, PayloadDigest digest)
    {
        var paths = Array.ConvertAll(files, f => f.Key);
        if (Array.TrueForAll(paths, p => !p.Contains('/')) && IsSorted(paths))
        {
            return new GenerationIndex(name, paths, null, digest, [], [new(string.Empty, paths)]);
        }

        var directories = new Dictionary<string, List<string>>(StringComparer.Ordinal) { [string.Empty] = new(files.Length) };
        foreach (var path in paths)
        {
            AddToParents(directories, path);
        }

        return new GenerationIndex(name, paths, null, digest, [], Compact(directories));
    }

    /// <summary>Walks a generation on disk without following links (upstream's <c>filepath.Walk</c> of step 3).</summary>
    public static GenerationIndex Scan(IVolumeFileSystem fileSystem, string name)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var others = new List<string>();
        var directories = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        ScanDirectory(fileSystem, name, string.Empty, directories, sizes, others);
        return new GenerationIndex(name, sizes.Keys, sizes, null, others, Compact(directories));
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

            if (_directories.Length > 1)
            {
                var directories = _directories[1..].Select(d => d.Key).ToArray();
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

    /// <summary>The directories as the index keeps them: the generation first, each one's names sorted.</summary>
    private static KeyValuePair<string, string[]>[] Compact(Dictionary<string, List<string>> directories)
    {
        var compact = new KeyValuePair<string, string[]>[directories.Count];
        var next = 1;
        foreach (var (path, children) in directories)
        {
            var names = children.ToArray();

            // Paths in ordinal order give each directory's names in order, but for a name that is both a
            // prefix of a file ("a-b") and a directory ("a/x"): sort only when that happened.
            if (!IsSorted(names))
            {
                Array.Sort(names, StringComparer.Ordinal);
            }

            compact[path.Length == 0 ? 0 : next++] = new(path, names);
        }

        return compact;
    }

    private static bool IsSorted(string[] names)
    {
        for (var i = 1; i < names.Length; i++)
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

    private static void ScanDirectory(
        IVolumeFileSystem fileSystem, string name, string directory, Dictionary<string, List<string>> directories, Dictionary<string, long> sizes, List<string> others)
    {
        var names = fileSystem.List(VolumeTree.Join(name, directory));
        directories.Add(directory, [.. names]);
        foreach (var child in names)
        {
            var path = VolumeTree.Join(directory, child);
            switch (fileSystem.GetEntry(VolumeTree.Join(name, path)))
            {
                case { Kind: VolumeEntryKind.Directory }:
                    ScanDirectory(fileSystem, name, path, directories, sizes, others);
                    break;
                case { Kind: VolumeEntryKind.File } file:
                    sizes.Add(path, file.Size);
                    break;
                case { }:
                    others.Add(path);
                    break;
                default:
                    break; // gone since the listing
            }
        }
    }
}
