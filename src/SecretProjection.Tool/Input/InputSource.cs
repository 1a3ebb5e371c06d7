using System.IO.Abstractions;

namespace SecretProjection.Tool.Input;

/// <summary>One input to read: a file, standard input, or a <c>-f</c> value that names nothing readable.</summary>
/// <param name="Name">The name in messages: the path as given (joined with the directory's), or <c>-</c>.</param>
/// <param name="Opener">Opens the input by its name (one delegate for every file of a walk), or null when
/// <paramref name="Problem"/> says why it cannot be read.</param>
/// <param name="Problem">Why the input cannot be read, or null.</param>
internal sealed record InputSource(string Name, Func<string, Stream>? Opener, string? Problem)
{
    /// <summary>The file extensions read from a directory, as kubectl's.</summary>
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>
    /// The inputs of the <c>-f</c> values, in order: a file as given (whatever its extension), a directory's
    /// <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files in name order (with <c>-R</c>, its subdirectories'
    /// too, depth first in name order, as kubectl walks them; links to directories are not followed), and
    /// <c>-</c> for standard input.
    /// </summary>
    public static IEnumerable<InputSource> Expand(InputSettings settings, IFileSystem files, Func<Stream> openStandardInput)
    {
        Func<string, Stream> openFile = path => OpenFile(files, path);
        foreach (var value in settings.Files)
        {
            if (value == "-")
            {
                yield return new InputSource("-", _ => openStandardInput(), null);
            }
            else if (files.Directory.Exists(value))
            {
                foreach (var source in Walk(files, value, settings.Recursive, openFile))
                {
                    yield return source;
                }
            }
            else if (files.File.Exists(value))
            {
                yield return new InputSource(value, openFile, null);
            }
            else
            {
                yield return new InputSource(value, null, $"{value}: cannot read: no such file or directory");
            }
        }
    }

    /// <summary>Describes why an input could not be opened or read, without a stack trace.</summary>
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    /// <summary>Opens the input (<see cref="Opener"/>); only for an input without a <see cref="Problem"/>.</summary>
    public Stream Open() => Opener!(Name);

    /// <summary>
    /// Opens an input file. Unbuffered (a buffer size of 1): the StreamReader over it buffers already, in pieces of the
    /// file's size up to 16 KB (<c>ManifestInput</c>), and a second buffer of 4 KB per file of a directory was a tenth
    /// of what reading it allocated.
    /// </summary>
    public static Stream OpenFile(IFileSystem files, string path) =>
        files.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);

    private static IEnumerable<InputSource> Walk(IFileSystem files, string directory, bool recursive, Func<string, Stream> openFile)
    {
        if (List(files, directory, recursive, out var problem) is not { } entries)
        {
            yield return new InputSource(directory, null, $"{directory}: cannot read: {problem}");
            yield break;
        }

        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            entries[i] = null!; // not held while the rest of the directory is read
            var path = files.Path.Combine(directory, entry.Name);
            if (!entry.IsDirectory)
            {
                yield return new InputSource(path, openFile, null);
                continue;
            }

            foreach (var source in Walk(files, path, recursive, openFile))
            {
                yield return source;
            }
        }
    }

    /// <summary>
    /// The entries of a directory that are read, in name order: each one's name and whether it is a directory to walk,
    /// not its IFileSystemInfo (a directory of 2,000 manifests held 2,000 FileInfo objects, about 450 B each with their
    /// paths, while its files were read). Null when the directory cannot be listed, with why.
    /// </summary>
    private static Entry[]? List(IFileSystem files, string directory, bool recursive, out string? problem)
    {
        problem = null;
        try
        {
            // By name and the directory's own entry types: an info object per entry took a status call per file. Sorted
            // in place: a query's sort of 2,000 entries cost more than reading the directory.
            var entries = new List<Entry>();
            foreach (var path in files.Directory.EnumerateFiles(directory))
            {
                if (HasManifestExtension(path))
                {
                    entries.Add(new Entry(files.Path.GetFileName(path), false));
                }
            }

            if (recursive)
            {
                foreach (var path in files.Directory.EnumerateDirectories(directory))
                {
                    if (files.DirectoryInfo.New(path).LinkTarget is null)
                    {
                        entries.Add(new Entry(files.Path.GetFileName(path), true));
                    }
                }
            }

            entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return [.. entries];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = Describe(e);
            return null;
        }
    }

    /// <summary>Whether a file's name ends with one of the extensions read (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>).</summary>
    private static bool HasManifestExtension(string path)
    {
        foreach (var extension in Extensions)
        {
            if (path.EndsWith(extension, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An entry of a directory that is read: a class, as generic code over a struct would be compiled at run time.</summary>
    private sealed record Entry(string Name, bool IsDirectory);
}
