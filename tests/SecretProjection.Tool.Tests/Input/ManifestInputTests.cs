using System.IO.Abstractions.TestingHelpers;
using System.Text;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Input;

namespace SecretProjection.Tool.Tests.Input;

/// <summary>The verbs' input through the file system port: directories, lists of files, problems that do not stop the others.</summary>
public class ManifestInputTests
{
    private static string Secret(string name) => $"apiVersion: v1\nkind: Secret\nmetadata: {{name: {name}, namespace: shop}}\nstringData: {{k: v}}\n";

    [Fact]
    public async Task Validate_reads_a_directory_a_comma_separated_list_and_standard_input()
    {
        var files = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            ["/in/b.yaml"] = Secret("b"),
            ["/in/a.json"] = """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "shop"}}""",
            ["/one.yaml"] = Secret("one"),
            ["/two.yaml"] = Secret("two"),
        });

        var (exit, output, error) = await RunAsync(files, Secret("stdin"), "validate", "-f", "/in", "-f", "/one.yaml,/two.yaml", "-f", "-");

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Equal(["shop/a", "shop/b", "shop/one", "shop/two", "shop/stdin"], Names(output));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_reported_and_the_others_are_validated()
    {
        var files = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            ["/in/a.yaml"] = Secret("a"),
            ["/in/b.yaml"] = new MockFileData(Secret("b")) { AllowedFileShare = FileShare.None },
            ["/in/c.yaml"] = "apiVersion: v1\nkind: Secret\nmetadata: {name: c\n",
            ["/in/d.yaml"] = Secret("d"),
        });

        var (exit, output, error) = await RunAsync(files, null, "validate", "-f", "/in");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(["shop/a", "shop/d"], Names(output));
        var problems = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, problems.Length);
        Assert.StartsWith("secretprojection: /in/b.yaml: cannot read: ", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("secretprojection: /in/c.yaml:4: ", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_beyond_the_limit_ends_reading_with_exit_2()
    {
        var files = new MockFileSystem(new Dictionary<string, MockFileData> { ["/a.yaml"] = Secret("a"), ["/b.yaml"] = Secret("b") });

        var (exit, _, error) = await RunAsync(files, null, "validate", "-f", "/a.yaml,/b.yaml,/a.yaml", "--max-input-bytes", "100");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("secretprojection: /b.yaml: the input is larger than 100 bytes in all (--max-input-bytes; default 64Mi)", error.Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData("---\n# nothing\n---\n")]
    public async Task Input_without_objects_is_exit_2(string content)
    {
        var files = new MockFileSystem(new Dictionary<string, MockFileData> { ["/empty.yaml"] = content, ["/in/notes.txt"] = "x" });

        foreach (var verb in new[] { "validate", "plan", "env", "pull-auth" })
        {
            var (exit, output, error) = await RunAsync(files, null, verb, "-f", "/empty.yaml,/in");

            Assert.Equal((ExitCodes.BadInput, string.Empty), (exit, output));
            Assert.Equal("secretprojection: no objects in /empty.yaml, /in", error.Trim());
        }
    }

    [Fact]
    public void An_object_is_read_again_from_its_file_as_first_read_and_a_file_changed_since_is_bad_input()
    {
        var files = new MockFileSystem(new Dictionary<string, MockFileData> { ["/in/a.yaml"] = Secret("a") + "---\n" + Secret("b") });
        var input = new ManifestInput(new InputSettings(["/in", "-"], Recursive: false, Namespace: null, InputSettings.DefaultMaxBytes), new ToolContext(TextWriter.Null, TextWriter.Null, () => new MemoryStream(Encoding.UTF8.GetBytes(Secret("c")))) { FileSystem = files });
        var read = input.Read().ToList();

        var again = input.ReadAgain(read[1]);
        files.File.WriteAllText("/in/a.yaml", Secret("b"));
        var changed = Assert.Throws<InputException>(() => input.ReadAgain(read[1]));

        Assert.Equal((6, "shop/b", "shop/b"), (again.Line, again.QualifiedName, ((Model.Secret)again.Model!).Namespace + "/" + ((Model.Secret)again.Model!).Name));
        Assert.Equal([true, true, false], read.Select(input.CanReadAgain));
        Assert.Equal("/in/a.yaml changed while it was read: Secret shop/b is no longer at line 6", changed.Message);
    }

    private static List<string> Names(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split("   ", StringSplitOptions.RemoveEmptyEntries)[1].Trim())];

    private static async Task<(int Exit, string Output, string Error)> RunAsync(MockFileSystem files, string? standardInput, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new ToolContext(output, error, () => new MemoryStream(Encoding.UTF8.GetBytes(standardInput ?? string.Empty))) { FileSystem = files };
        var exit = await ToolApp.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
