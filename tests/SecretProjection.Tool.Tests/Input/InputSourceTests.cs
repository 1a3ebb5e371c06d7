using System.IO.Abstractions.TestingHelpers;
using SecretProjection.Tool.Input;

namespace SecretProjection.Tool.Tests.Input;

/// <summary>What <c>-f</c> names, listed through the file system port, as kubectl lists it.</summary>
public class InputSourceTests
{
    private static readonly Func<Stream> NoStandardInput = () => throw new InvalidOperationException("standard input was not asked for");

    private readonly MockFileSystem _files = new(new Dictionary<string, MockFileData>
    {
        ["/m/b.yaml"] = "b",
        ["/m/a.yml"] = "a",
        ["/m/c.json"] = "c",
        ["/m/notes.txt"] = "not read from a directory",
        ["/m/Z.YAML"] = "extensions are matched as written",
        ["/m/sub/d.yaml"] = "d",
        ["/m/sub/deeper/e.yaml"] = "e",
        ["/m/b0/f.yaml"] = "f",
        ["/other/x.txt"] = "any extension when named",
    });

    [Fact]
    public void A_directory_gives_its_manifests_in_name_order()
    {
        Assert.Equal(["/m/a.yml", "/m/b.yaml", "/m/c.json"], Names(new InputSettings(["/m"], false, null, 1)));
    }

    [Fact]
    public void With_recursive_subdirectories_are_read_depth_first_in_name_order()
    {
        Assert.Equal(
            ["/m/a.yml", "/m/b.yaml", "/m/b0/f.yaml", "/m/c.json", "/m/sub/d.yaml", "/m/sub/deeper/e.yaml"],
            Names(new InputSettings(["/m"], true, null, 1)));
    }

    [Fact]
    public void With_recursive_a_link_to_a_directory_is_not_followed_and_a_link_to_a_file_is_read()
    {
        var root = Directory.CreateTempSubdirectory("inputs-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "sub"));
            File.WriteAllText(Path.Combine(root, "sub", "d.yaml"), "d");
            File.WriteAllText(Path.Combine(root, "outside.txt"), "o");
            Directory.CreateSymbolicLink(Path.Combine(root, "linked"), Path.Combine(root, "sub"));
            File.CreateSymbolicLink(Path.Combine(root, "e.yaml"), Path.Combine(root, "outside.txt"));

            var names = InputSource.Expand(new InputSettings([root], true, null, 1), new System.IO.Abstractions.FileSystem(), NoStandardInput).Select(s => s.Problem ?? s.Name);

            Assert.Equal([Path.Combine(root, "e.yaml"), Path.Combine(root, "sub", "d.yaml")], names);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Files_are_read_in_the_order_given_whatever_their_extension()
    {
        Assert.Equal(["/other/x.txt", "/m/sub/d.yaml", "-"], Names(new InputSettings(["/other/x.txt", "/m/sub/d.yaml", "-"], false, null, 1)));
    }

    [Fact]
    public void A_path_that_names_nothing_is_a_problem_of_its_own()
    {
        var sources = InputSource.Expand(new InputSettings(["/nope.yaml", "/m/b.yaml"], false, null, 1), _files, NoStandardInput).ToList();

        Assert.Equal("/nope.yaml: cannot read: no such file or directory", sources[0].Problem);
        Assert.Null(sources[0].Opener);
        Assert.Null(sources[1].Problem);
        using var reader = new StreamReader(sources[1].Open());
        Assert.Equal("b", reader.ReadToEnd());
    }

    private List<string> Names(InputSettings settings) =>
        [.. InputSource.Expand(settings, _files, NoStandardInput).Select(s => s.Problem ?? s.Name)];
}
