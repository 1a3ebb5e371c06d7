using System.Globalization;
using System.Text;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Tool.Cli;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Input;

/// <summary>
/// The objects of a verb's inputs, read one at a time from one input after the other, so that memory holds what
/// the verb keeps and not the input. An input that cannot be read (missing, not permitted, malformed from some
/// line on) is a problem that is recorded and reading goes on with the next; the size limit ends all reading.
/// Warnings (unknown fields and kinds) are written to standard error as their objects are read.
/// </summary>
internal sealed class ManifestInput(InputSettings settings, ToolContext context)
{
    private readonly List<string> _problems = [];
    // The files read, by name, to read one again. Names rather than their sources, as check keeps this for every file
    // of a directory.
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private bool _budgetSpent;

    public InputSettings Settings => settings;

    /// <summary>What could not be read, one message per input: <c>file:line: problem</c>.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>How many objects were read.</summary>
    public int Count { get; private set; }

    /// <summary>Every object of every input, in input order.</summary>
    public IEnumerable<ManifestObject> Read()
    {
        var budget = new InputBudget(settings.MaxBytes);
        var options = Options;
        foreach (var source in InputSource.Expand(settings, context.FileSystem, context.OpenInput))
        {
            if (source.Problem is { } problem)
            {
                _problems.Add(problem);
                continue;
            }

            if (source.Name != "-")
            {
                _files.Add(source.Name);
            }

            using var objects = Open(source, budget, options);
            while (Next(source, objects) is { } item)
            {
                Count++;
                for (var i = 0; i < item.Warnings.Count; i++)
                {
                    context.Error.WriteLine($"secretprojection: warning: {PrintableWriter.Escape(item.Warnings[i].ToString())}");
                }

                yield return item;
            }

            if (_budgetSpent)
            {
                yield break; // the budget is spent: every later input would fail the same way
            }
        }
    }

    /// <summary>Whether <paramref name="item"/> can be read again: it came from a file, not standard input.</summary>
    public bool CanReadAgain(ManifestObject item) => _files.Contains(item.Source);

    /// <summary>Reads <paramref name="item"/> again from its file (its pod was dropped), as it was read the first time.</summary>
    /// <exception cref="InputException">The file cannot be read again or no longer holds the object (exit 2).</exception>
    public ManifestObject ReadAgain(ManifestObject item)
    {
        if (!CanReadAgain(item))
        {
            throw new InvalidOperationException($"{item.Source} was not read from a file");
        }

        var name = item.Source;
        try
        {
            using var reader = TextOf(InputSource.OpenFile(context.FileSystem, name));
            foreach (var again in ManifestReader.ReadObjects(reader, name, Options))
            {
                if (again.Line == item.Line && again.Kind == item.Kind && again.QualifiedName == item.QualifiedName)
                {
                    return again;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{name}: cannot read again: {InputSource.Describe(e)}");
        }
        catch (ManifestException e)
        {
            throw new InputException($"{name} changed while it was read: {e.Message}");
        }

        throw new InputException($"{name} changed while it was read: {item.Kind} {item.QualifiedName} is no longer at line {item.Line.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Throws the problems as an <see cref="InputException"/> (exit 2), or says that there were no objects.</summary>
    public void ThrowIfUnreadable()
    {
        if (_problems.Count > 0)
        {
            throw new InputException(_problems);
        }

        if (Count == 0)
        {
            throw new InputException($"no objects in {settings.Describe()}");
        }
    }

    private ManifestReaderOptions Options => new() { Namespace = settings.Namespace };

    /// <summary>
    /// An input's text: UTF-8, or what its byte order mark says. A file is read in pieces of its size, up to 16 KB:
    /// the reader's default of 1 KB made a system call per kilobyte of a large file, and a larger buffer for a
    /// small file is memory that each file of a directory would take. One byte more than the file: a read that fills
    /// the reader's buffer makes it read again at once, so a buffer of exactly the file's size cost a second read
    /// at the end of every file.
    /// </summary>
    private static StreamReader TextOf(Stream file, Func<Stream, Stream>? through = null) =>
        new(through is null ? file : through(file), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: file.CanSeek ? (int)Math.Clamp(file.Length + 1, 128, 16 * 1024) : -1);

    private Enumerator Open(InputSource source, InputBudget budget, ManifestReaderOptions options)
    {
        try
        {
            var reader = TextOf(source.Open(), budget.Track);
            return new Enumerator(reader, ManifestReader.ReadObjects(reader, source.Name, options).GetEnumerator());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Add($"{source.Name}: cannot read: {InputSource.Describe(e)}");
            return Enumerator.Empty;
        }
    }

    private ManifestObject? Next(InputSource source, Enumerator objects)
    {
        try
        {
            return objects.Objects.MoveNext() ? objects.Objects.Current : null;
        }
        catch (ManifestException e)
        {
            _problems.Add(e.Message);
        }
        catch (InputTooLargeException e)
        {
            _budgetSpent = true;
            _problems.Add($"{source.Name}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Add($"{source.Name}: cannot read: {InputSource.Describe(e)}");
        }

        return null;
    }

    /// <summary>An input's reader and the enumeration of its objects, disposed together.</summary>
    private sealed class Enumerator(TextReader? reader, IEnumerator<ManifestObject> objects) : IDisposable
    {
        public static Enumerator Empty => new(null, Enumerable.Empty<ManifestObject>().GetEnumerator());

        public IEnumerator<ManifestObject> Objects => objects;

        public void Dispose()
        {
            objects.Dispose();
            reader?.Dispose();
        }
    }
}
