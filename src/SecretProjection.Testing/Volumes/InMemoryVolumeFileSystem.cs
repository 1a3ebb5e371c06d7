using SecretProjection.Writing;

namespace SecretProjection.Testing.Volumes;

/// <summary>
/// A faithful in-memory model of a POSIX directory tree holding one volume directory: files, directories and
/// symbolic links with modes and owners; links resolved as Linux resolves them (a relative target against the
/// link's directory, an absolute one from the root, dangling links allowed, at most 40 links per lookup); an
/// atomic <c>rename</c> that replaces a file or link; names made in a set-group-id directory get its group. Counts operations and injects faults: fail, or "crash"
/// (the process dies), at the N-th operation.
/// </summary>
/// <remarks>
/// The port operations (<see cref="IVolumeFileSystem"/>) behave like the Linux backend: they never walk through
/// a link. The reader methods (<c>...ThroughLinks</c>) follow links as a process in a container would.
/// This is a tree of its own rather than System.IO.Abstractions' MockFileSystem: there a link to a directory
/// is a plain directory and nothing resolves through a link, which is exactly what the atomic writer relies on.
/// Not thread-safe; the atomic writer serializes its calls.
/// </remarks>
public sealed class InMemoryVolumeFileSystem : IVolumeFileSystem
{
    private const int MaxLinksPerLookup = 40; // Linux's MAXSYMLINKS
    private const int SetGroupId = 0x400; // 02000

    private readonly SimulatedDirectory _root;
    private readonly string[] _volume;
    private readonly SimulatedDirectory _volumeNode;
    private long _faultAt = -1;
    private bool _faultIsCrash;

    /// <summary>Creates an empty tree with an empty volume directory (mode 0755).</summary>
    /// <param name="volumeDirectory">The absolute path of the volume directory in the tree.</param>
    /// <param name="user">The user id of the "process" (owner of what it creates).</param>
    /// <param name="group">The group id of the "process".</param>
    public InMemoryVolumeFileSystem(string volumeDirectory = "/volume", long user = 0, long group = 0)
    {
        ArgumentNullException.ThrowIfNull(volumeDirectory);
        User = user;
        Group = group;
        _root = new SimulatedDirectory { Mode = 0x1ED, User = user, Group = group };
        _volume = Split(volumeDirectory);
        var dir = _root;
        foreach (var name in _volume)
        {
            var child = new SimulatedDirectory { Mode = 0x1ED, User = user, Group = group };
            dir.Children.Add(name, child);
            dir = child;
        }

        _volumeNode = dir;
    }

    private InMemoryVolumeFileSystem(InMemoryVolumeFileSystem other)
    {
        User = other.User;
        Group = other.Group;
        _root = (SimulatedDirectory)other._root.Clone();
        _volume = other._volume;
        _volumeNode = _root;
        foreach (var name in _volume)
        {
            _volumeNode = (SimulatedDirectory)_volumeNode.Children[name];
        }
    }

    private InMemoryVolumeFileSystem(InMemoryVolumeFileSystem parent, string[] volume, SimulatedDirectory volumeNode)
    {
        User = parent.User;
        Group = parent.Group;
        _root = parent._root;
        _volume = volume;
        _volumeNode = volumeNode;
    }

    /// <summary>The user id that owns what the "process" creates.</summary>
    public long User { get; }

    /// <summary>The group id that owns what the "process" creates.</summary>
    public long Group { get; }

    /// <summary>Port operations so far (queries included).</summary>
    public long OperationCount { get; private set; }

    /// <summary>Port operations so far that changed the tree (create, write, link, rename, remove, chmod, chown).</summary>
    public long WriteOperationCount { get; private set; }

    /// <summary>Whether an injected crash happened and <see cref="Restart"/> was not called since.</summary>
    public bool HasCrashed { get; private set; }

    /// <summary>A deep copy of the tree, without counters or faults.</summary>
    /// <returns>The copy.</returns>
    public InMemoryVolumeFileSystem Clone() => new(this);

    /// <summary>
    /// A port rooted at a directory below this one, in the same tree (what one writes, the other sees), with counters
    /// and faults of its own: the volume directory of one pod under a node's root, say.
    /// </summary>
    /// <param name="path">An existing directory, relative to this volume directory; no link on the way.</param>
    /// <returns>The port.</returns>
    /// <exception cref="IOException">The path is missing, passes a link, or is not a directory.</exception>
    public InMemoryVolumeFileSystem OpenDirectory(string path)
    {
        var node = _volumeNode;
        foreach (var name in Split(path))
        {
            node = name != ".." && node.Children.TryGetValue(name, out var child) && child is SimulatedDirectory dir
                ? dir
                : throw Error("open", path, "not a directory");
        }

        return new InMemoryVolumeFileSystem(this, [.. _volume, .. Split(path)], node);
    }

    /// <summary>Drops everything in a directory at once, as unmounting a tmpfs from it does.</summary>
    internal void DropContents(string path)
    {
        if (TryResolve(path, followLinks: false) is SimulatedDirectory dir)
        {
            dir.Children.Clear();
        }
    }

    /// <summary>The <paramref name="operation"/>-th port operation from now (1 = the next) fails with an <see cref="IOException"/>.</summary>
    /// <param name="operation">The 1-based index.</param>
    public void FailAt(int operation) => SetFault(operation, crash: false);

    /// <summary>
    /// The <paramref name="operation"/>-th port operation from now (1 = the next) crashes the "process": it is
    /// not applied (a file being written is left half-written), and it and every later operation throw
    /// <see cref="SimulatedCrashException"/> until <see cref="Restart"/>.
    /// </summary>
    /// <param name="operation">The 1-based index.</param>
    public void CrashAt(int operation) => SetFault(operation, crash: true);

    /// <summary>A new "process" after a crash: operations work again; pending faults are cleared.</summary>
    public void Restart()
    {
        HasCrashed = false;
        _faultAt = -1;
    }

    /// <summary>Reads a file as a reader in the container would, following every link.</summary>
    /// <param name="path">Relative to the volume directory, or absolute.</param>
    /// <returns>The bytes, or <see langword="null"/> when the path does not resolve to a file.</returns>
    public byte[]? ReadFileThroughLinks(string path) =>
        TryResolve(path, followLinks: true) is SimulatedFile file ? file.Data.ToArray() : null;

    /// <summary><c>stat(2)</c>: the entry a path resolves to, following every link.</summary>
    /// <param name="path">Relative to the volume directory, or absolute.</param>
    /// <returns>The entry, or <see langword="null"/> when it does not resolve.</returns>
    public VolumeEntry? StatThroughLinks(string path) => TryResolve(path, followLinks: true) is { } node ? ToEntry(node) : null;

    /// <summary>Lists a directory reached by following every link.</summary>
    /// <param name="path">Relative to the volume directory, or absolute.</param>
    /// <returns>The names, or <see langword="null"/> when the path is not a directory.</returns>
    public IReadOnlyList<string>? ListThroughLinks(string path) =>
        TryResolve(path, followLinks: true) is SimulatedDirectory dir ? [.. dir.Children.Keys] : null;

    /// <inheritdoc/>
    public VolumeEntry? GetEntry(string path)
    {
        Begin(write: false);
        if (LocateOrMissing(path) is not var (parent, name))
        {
            return null;
        }

        return parent is null ? ToEntry(VolumeNode())
            : parent.Children.TryGetValue(name, out var node) ? ToEntry(node) : null;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> List(string path)
    {
        Begin(write: false);
        return Existing(path, "list") is SimulatedDirectory dir ? [.. dir.Children.Keys] : throw Error("list", path, "not a directory");
    }

    /// <inheritdoc/>
    public byte[] ReadFile(string path)
    {
        Begin(write: false);
        return Existing(path, "open") switch
        {
            SimulatedFile file => file.Data.ToArray(),
            SimulatedLink => throw Error("open", path, "too many levels of symbolic links"),
            _ => throw Error("read", path, "is a directory"),
        };
    }

    /// <inheritdoc/>
    public void CreateDirectory(string path, int mode) => Create(path, "mkdir", () => new SimulatedDirectory { Mode = mode });

    /// <inheritdoc/>
    public void WriteFile(string path, ReadOnlySpan<byte> data, int mode, long? user)
    {
        var bytes = data.ToArray();
        try
        {
            Create(path, "open", () => new SimulatedFile(bytes) { Mode = mode, User = user ?? User });
        }
        catch (SimulatedCrashException) when (_faultAt == OperationCount && TryLocateParent(path) is { } at && !at.Parent.Children.ContainsKey(at.Name))
        {
            // A crash during write(2): the file exists with part of its bytes and the umask-filtered mode.
            at.Parent.Children[at.Name] = new SimulatedFile(bytes[..(bytes.Length / 2)]) { Mode = mode & ~0x12, User = User, Group = (at.Parent.Mode & SetGroupId) != 0 ? at.Parent.Group : Group };
            throw;
        }
    }

    /// <inheritdoc/>
    public void CreateSymlink(string target, string path)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Contains('\0', StringComparison.Ordinal))
        {
            Begin(write: true);
            throw Error("symlink", target, "invalid argument");
        }

        Create(path, "symlink", () => new SimulatedLink(target) { Mode = 0x1FF });
    }

    /// <inheritdoc/>
    public string? ReadLink(string path)
    {
        Begin(write: false);
        if (LocateOrMissing(path) is not var (parent, name))
        {
            return null;
        }

        if (parent is null || !parent.Children.TryGetValue(name, out var node))
        {
            return parent is null ? throw Error("readlink", path, "invalid argument") : null;
        }

        return node is SimulatedLink link ? link.Target : throw Error("readlink", path, "invalid argument");
    }

    /// <inheritdoc/>
    public void Rename(string from, string to)
    {
        Begin(write: true);
        var (fromParent, fromName) = LocateChild(from, "rename");
        var (toParent, toName) = LocateChild(to, "rename");
        if (!fromParent.Children.TryGetValue(fromName, out var node))
        {
            throw NotFound("rename", from);
        }

        if (toParent.Children.TryGetValue(toName, out var existing))
        {
            if (existing is SimulatedDirectory dir && node is not SimulatedDirectory)
            {
                throw Error("rename", to, "is a directory");
            }

            if (existing is SimulatedDirectory { Children.Count: > 0 })
            {
                throw Error("rename", to, "directory not empty");
            }
        }

        fromParent.Children.Remove(fromName);
        toParent.Children[toName] = node;
    }

    /// <inheritdoc/>
    public void Remove(string path)
    {
        Begin(write: true);
        var (parent, name) = LocateChild(path, "remove");
        if (!parent.Children.TryGetValue(name, out var node))
        {
            throw NotFound("remove", path);
        }

        if (node is SimulatedDirectory { Children.Count: > 0 })
        {
            throw Error("remove", path, "directory not empty");
        }

        parent.Children.Remove(name);
    }

    /// <inheritdoc/>
    public void SetMode(string path, int mode)
    {
        Begin(write: true);
        var node = Existing(path, "chmod");
        node.Mode = node is SimulatedLink ? throw Error("chmod", path, "refusing to change the mode through a symbolic link") : mode;
    }

    /// <inheritdoc/>
    public void SetOwner(string path, long? user, long? group)
    {
        Begin(write: true);
        var node = Existing(path, "lchown");
        node.User = user ?? node.User;
        node.Group = group ?? node.Group;
    }

    private void SetFault(int operation, bool crash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(operation, 1);
        _faultAt = OperationCount + operation;
        _faultIsCrash = crash;
    }

    private void Begin(bool write)
    {
        if (HasCrashed)
        {
            throw new SimulatedCrashException("the process crashed earlier");
        }

        OperationCount++;
        if (write)
        {
            WriteOperationCount++;
        }

        if (OperationCount == _faultAt)
        {
            if (_faultIsCrash)
            {
                HasCrashed = true;
                throw new SimulatedCrashException();
            }

            throw new IOException("injected failure");
        }
    }

    private void Create(string path, string operation, Func<SimulatedNode> make)
    {
        Begin(write: true);
        var (parent, name) = LocateChild(path, operation);
        if (parent.Children.ContainsKey(name))
        {
            throw Error(operation, path, "file exists");
        }

        var node = make();
        node.User = node is SimulatedFile ? node.User : User;

        // Linux: in a set-group-id directory a new name gets the directory's group, and a new directory the bit too.
        node.Group = (parent.Mode & SetGroupId) != 0 ? parent.Group : Group;
        if (node is SimulatedDirectory && (parent.Mode & SetGroupId) != 0)
        {
            node.Mode |= SetGroupId;
        }

        parent.Children.Add(name, node);
    }

    private SimulatedNode Existing(string path, string operation)
    {
        var (parent, name) = Locate(path);
        if (parent is null)
        {
            return VolumeNode();
        }

        return parent.Children.TryGetValue(name, out var node) ? node : throw NotFound(operation, path);
    }

    private (SimulatedDirectory Parent, string Name) LocateChild(string path, string operation)
    {
        var (parent, name) = Locate(path);
        return parent is null ? throw Error(operation, path, "is the volume directory") : (parent, name);
    }

    private (SimulatedDirectory Parent, string Name)? TryLocateParent(string path)
    {
        try
        {
            var (parent, name) = Locate(path);
            return parent is null ? null : (parent, name);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary><see cref="Locate"/>, with a missing parent (ENOENT, ENOTDIR) as <see langword="null"/>.</summary>
    private (SimulatedDirectory? Parent, string Name)? LocateOrMissing(string path)
    {
        try
        {
            return Locate(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The port's lookup: every element but the last must be a real directory, never a link; a NUL is EINVAL,
    /// as in Linux system calls (a C string would end there).
    /// </summary>
    private (SimulatedDirectory? Parent, string Name) Locate(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw Error("lookup", path, "invalid argument");
        }

        var elements = Split(path);
        if (elements.Length == 0)
        {
            return (null, string.Empty);
        }

        var dir = VolumeNode();
        for (var i = 0; i < elements.Length - 1; i++)
        {
            if (elements[i] == "..")
            {
                throw Error("lookup", path, "'..' leaves the volume directory");
            }

            dir = dir.Children.TryGetValue(elements[i], out var child) ? child switch
            {
                SimulatedDirectory d => d,
                SimulatedLink => throw Error("lookup", path, "refusing to follow a symbolic link"),
                _ => throw new DirectoryNotFoundException($"lookup {path}: not a directory"),
            } : throw NotFound("lookup", path);
        }

        return elements[^1] == ".." ? throw Error("lookup", path, "'..' leaves the volume directory") : (dir, elements[^1]);
    }

    // The port cannot address the volume directory's parent, so the volume directory itself never moves.
    private SimulatedDirectory VolumeNode() => _volumeNode;

    /// <summary>Linux path resolution (<c>path_lookupat</c>), following links in every element and, if asked, the last.</summary>
    private SimulatedNode? TryResolve(string path, bool followLinks)
    {
        var pending = new Stack<string>(Split(path).Reverse());
        var stack = new List<SimulatedDirectory> { _root };
        if (!path.StartsWith('/'))
        {
            foreach (var name in _volume)
            {
                stack.Add((SimulatedDirectory)stack[^1].Children[name]);
            }
        }

        var links = 0;
        SimulatedNode current = stack[^1];
        while (pending.TryPop(out var name))
        {
            if (name == "..")
            {
                if (stack.Count > 1)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                current = stack[^1];
                continue;
            }

            if (!stack[^1].Children.TryGetValue(name, out var child))
            {
                return null;
            }

            if (child is SimulatedLink link && (pending.Count > 0 || followLinks))
            {
                if (++links > MaxLinksPerLookup)
                {
                    return null;
                }

                if (link.Target.StartsWith('/'))
                {
                    stack.RemoveRange(1, stack.Count - 1);
                }

                foreach (var element in Split(link.Target).Reverse())
                {
                    pending.Push(element);
                }

                current = stack[^1];
                continue;
            }

            if (pending.Count > 0)
            {
                if (child is not SimulatedDirectory dir)
                {
                    return null;
                }

                stack.Add(dir);
            }

            current = child;
        }

        return current;
    }

    private static string[] Split(string path)
    {
        var elements = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Array.IndexOf(elements, ".") < 0 ? elements : Array.FindAll(elements, e => e != ".");
    }

    private static VolumeEntry ToEntry(SimulatedNode node) => node switch
    {
        SimulatedFile file => new VolumeEntry(VolumeEntryKind.File, file.Mode, file.User, file.Group, file.Data.Length),
        SimulatedLink link => new VolumeEntry(VolumeEntryKind.Symlink, link.Mode, link.User, link.Group, System.Text.Encoding.UTF8.GetByteCount(link.Target)),
        _ => new VolumeEntry(VolumeEntryKind.Directory, node.Mode, node.User, node.Group, 0),
    };

    private static IOException Error(string operation, string path, string reason) => new($"{operation} {path}: {reason}");

    private static FileNotFoundException NotFound(string operation, string path) => new($"{operation} {path}: no such file or directory");
}
