using SecretProjection.Testing.Volumes;
using SecretProjection.Writing;

namespace SecretProjection.Tests.Writing;

/// <summary>The writer's index of a generation: its names per directory, as arrays (a flat generation's are its files).</summary>
public class GenerationIndexTests
{
    private static KeyValuePair<string, PayloadFile>[] Files(params string[] paths) =>
        [.. paths.Select(p => new KeyValuePair<string, PayloadFile>(p, new PayloadFile("x"u8.ToArray(), 0x1A4)))];

    private static InMemoryVolumeFileSystem Written(string generation, KeyValuePair<string, PayloadFile>[] files)
    {
        var fs = new InMemoryVolumeFileSystem();
        fs.CreateDirectory(generation, 0x1ED);
        foreach (var (path, file) in files)
        {
            var parent = generation;
            foreach (var directory in path.Split('/')[..^1])
            {
                parent += "/" + directory;
                if (fs.GetEntry(parent) is null)
                {
                    fs.CreateDirectory(parent, 0x1ED);
                }
            }

            fs.WriteFile(generation + "/" + path, file.Data.Span, file.Mode, null);
        }

        return fs;
    }

    [Fact]
    public void A_flat_generation_lists_its_files_as_its_names_and_matches_them_on_disk()
    {
        var files = Files("a", "b", "c");
        var fs = Written("..g", files);

        var index = GenerationIndex.Of("..g", files, PayloadDigest.Of(files));

        Assert.Equal(["a", "b", "c"], index.TopLevelNames);
        Assert.Same(index.Files, index.TopLevelNames);
        Assert.True(index.HasTopLevelName("b"));
        Assert.False(index.HasTopLevelName("d"));
        Assert.Equal(["a", "b", "c"], index.AllPaths);
        Assert.True(index.MatchesNames(fs));
        fs.WriteFile("..g/d", "x"u8, 0x1A4, null);
        Assert.False(index.MatchesNames(fs));
    }

    [Fact]
    public void A_nested_generation_lists_each_directorys_names_in_order_even_where_a_file_name_extends_a_directory_name()
    {
        // "a-b" sorts before "a/x" as a path, but after "a" as a name.
        var files = Files("a-b", "a/x", "a/y/z", "c");
        var fs = Written("..g", files);

        var index = GenerationIndex.Of("..g", files, PayloadDigest.Of(files));

        Assert.Equal(["a", "a-b", "c"], index.TopLevelNames);
        Assert.True(index.HasTopLevelName("a"));
        Assert.False(index.HasTopLevelName("x"));
        Assert.Equal(["a", "a-b", "a/x", "a/y", "a/y/z", "c"], index.AllPaths.Order(StringComparer.Ordinal));
        Assert.True(index.MatchesNames(fs));
        fs.Remove("..g/a/y/z");
        Assert.False(index.MatchesNames(fs));
    }

    [Fact]
    public void A_scanned_generation_has_the_names_on_disk_and_removing_it_removes_every_path()
    {
        var files = Files("a/x", "a/y/z", "b");
        var fs = Written("..g", files);
        fs.CreateSymlink("b", "..g/link");

        var index = GenerationIndex.Scan(fs, "..g");

        Assert.Null(index.Digest);
        Assert.Equal(["a", "b", "link"], index.TopLevelNames);
        Assert.Equal(["link"], index.Others);
        Assert.Equal(["a", "a/x", "a/y", "a/y/z", "b", "link"], index.AllPaths.Order(StringComparer.Ordinal));
        index.Remove(fs);
        Assert.Null(fs.GetEntry("..g"));
    }
}
