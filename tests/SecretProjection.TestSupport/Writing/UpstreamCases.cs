using System.Text;
using SecretProjection.Writing;

namespace SecretProjection.TestSupport.Writing;

/// <summary>The payload tables of upstream's pkg/volume/util/atomic_writer_test.go, by test and case name.</summary>
internal static class UpstreamCases
{
    // "$1 if you can tell me what this binary is" (TestWriteOnce): a 125-byte ELF.
    private static readonly byte[] MysteryBinary = Convert.FromBase64String(
        "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAeABAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAEAAOAABAAAAAAAAAAEAAAAFAAAAAAAAAAAAAAAAAEAAAAAAAAAAQAAAAAAAfQAAAAAAAAB9AAAAAAAAAAAAIAAAAAAAsDyZDwU=");

    /// <summary>TestPathsToRemove: name → (first, second, the paths of the first that the second removes).</summary>
    public static readonly Dictionary<string, (VolumePayload First, VolumePayload Second, string[] Removed)> PathsToRemove = new()
    {
        ["simple"] = (P(("foo.txt", "644", "foo"), ("bar.txt", "644", "bar")), P(("foo.txt", "644", "foo")), ["bar.txt"]),
        ["simple 2"] = (P(("foo.txt", "644", "foo"), ("zip/bar.txt", "644", "zip/b}ar")), P(("foo.txt", "644", "foo")), ["zip/bar.txt", "zip"]),
        ["subdirs 1"] = (P(("foo.txt", "644", "foo"), ("zip/zap/bar.txt", "644", "zip/bar")), P(("foo.txt", "644", "foo")), ["zip/zap/bar.txt", "zip", "zip/zap"]),
        ["subdirs 2"] = (P(("foo.txt", "644", "foo"), ("zip/1/2/3/4/bar.txt", "644", "zip/b}ar")), P(("foo.txt", "644", "foo")), ["zip/1/2/3/4/bar.txt", "zip", "zip/1", "zip/1/2", "zip/1/2/3", "zip/1/2/3/4"]),
        ["subdirs 3"] = (P(("foo.txt", "644", "foo"), ("zip/1/2/3/4/bar.txt", "644", "zip/b}ar"), ("zap/a/b/c/bar.txt", "644", "zap/bar")), P(("foo.txt", "644", "foo")), ["zip/1/2/3/4/bar.txt", "zip", "zip/1", "zip/1/2", "zip/1/2/3", "zip/1/2/3/4", "zap", "zap/a", "zap/a/b", "zap/a/b/c", "zap/a/b/c/bar.txt"]),
        ["subdirs 4"] = (P(("foo.txt", "644", "foo"), ("zap/1/2/3/4/bar.txt", "644", "zip/bar"), ("zap/1/2/c/bar.txt", "644", "zap/bar"), ("zap/1/2/magic.txt", "644", "indigo")), P(("foo.txt", "644", "foo"), ("zap/1/2/magic.txt", "644", "indigo")), ["zap/1/2/3/4/bar.txt", "zap/1/2/3", "zap/1/2/3/4", "zap/1/2/c", "zap/1/2/c/bar.txt"]),
        ["subdirs 5"] = (P(("foo.txt", "644", "foo"), ("zap/1/2/3/4/bar.txt", "644", "zip/bar"), ("zap/1/2/c/bar.txt", "644", "zap/bar")), P(("foo.txt", "644", "foo"), ("zap/1/2/magic.txt", "644", "indigo")), ["zap/1/2/3/4/bar.txt", "zap/1/2/3", "zap/1/2/3/4", "zap/1/2/c", "zap/1/2/c/bar.txt"]),
    };

    /// <summary>TestWriteOnce: name → (payload, success).</summary>
    public static readonly Dictionary<string, (VolumePayload Payload, bool Success)> WriteOnce = new()
    {
        ["invalid payload 1"] = (P(("foo", "644", "foo"), ("..bar", "644", "bar"), ("binary.bin", "644", Bin)), false),
        ["invalid payload 2"] = (P(("foo/../bar", "644", "foo")), false),
        ["basic 1"] = (P(("foo", "644", "foo"), ("bar", "644", "bar")), true),
        ["basic 2"] = (P(("binary.bin", "644", Bin), (".binary.bin", "644", Bin)), true),
        ["basic mode 1"] = (P(("foo", "777", "foo"), ("bar", "400", "bar")), true),
        ["dotfiles"] = (P(("foo", "644", "foo"), ("bar", "644", "bar"), (".dotfile", "644", "dotfile"), (".dotfile.file", "644", "dotfile.file")), true),
        ["dotfiles mode"] = (P(("foo", "407", "foo"), ("bar", "440", "bar"), (".dotfile", "777", "dotfile"), (".dotfile.file", "666", "dotfile.file")), true),
        ["subdirectories 1"] = (P(("foo/bar.txt", "644", "foo/bar"), ("bar/zab.txt", "644", "bar/zab.txt")), true),
        ["subdirectories mode 1"] = (P(("foo/bar.txt", "400", "foo/bar"), ("bar/zab.txt", "644", "bar/zab.txt")), true),
        ["subdirectories 2"] = (P(("foo//bar.txt", "644", "foo//bar"), ("bar///bar/zab.txt", "644", "bar/../bar/zab.txt")), true),
        ["subdirectories 3"] = (P(("foo/bar.txt", "644", "foo/bar"), ("bar/zab.txt", "644", "bar/zab.txt"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar"), ("bar/zib/zab.txt", "644", "bar/zib/zab.txt")), true),
        ["kitchen sink"] = (P(("foo.log", "644", "foo"), ("bar.zap", "644", "bar"), (".dotfile", "644", "dotfile"), ("foo/bar.txt", "644", "foo/bar"), ("bar/zab.txt", "644", "bar/zab.txt"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar"), ("bar/zib/zab.txt", "400", "bar/zib/zab.txt"), ("1/2/3/4/5/6/7/8/9/10/.dotfile.lib", "777", "1-2-3-dotfile")), true),
    };

    /// <summary>TestUpdate: name → (first, next, shouldWrite).</summary>
    public static readonly Dictionary<string, (VolumePayload First, VolumePayload Next, bool ShouldWrite)> Update = new()
    {
        ["update"] = (P(("foo", "644", "foo"), ("bar", "644", "bar")), P(("foo", "644", "foo2"), ("bar", "640", "bar2")), true),
        ["no update"] = (P(("foo", "644", "foo"), ("bar", "644", "bar")), P(("foo", "644", "foo"), ("bar", "644", "bar")), false),
        ["no update 2"] = (P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar")), false),
        ["add 1"] = (P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar"), ("blu/zip.txt", "644", "zip")), true),
        ["add 2"] = (P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar"), ("blu/two/2/3/4/5/zip.txt", "644", "zip")), true),
        ["add 3"] = (P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar"), ("bar/2/3/4/5/zip.txt", "644", "zip")), true),
        ["delete 1"] = (P(("foo/bar.txt", "644", "foo"), ("bar/zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo")), true),
        ["delete 2"] = (P(("foo/bar.txt", "644", "foo"), ("bar/1/2/3/zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo")), true),
        ["delete 3"] = (P(("foo/bar.txt", "644", "foo"), ("bar/1/2/sip.txt", "644", "sip"), ("bar/1/2/3/zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo"), ("bar/1/2/sip.txt", "644", "sip")), true),
        ["delete 4"] = (P(("foo/bar.txt", "644", "foo"), ("bar/1/2/sip.txt", "644", "sip"), ("bar/1/2/3/4/5/6zab.txt", "644", "bar")), P(("foo/bar.txt", "644", "foo"), ("bar/1/2/sip.txt", "644", "sip")), true),
        ["delete all"] = (P(("foo/bar.txt", "644", "foo"), ("bar/1/2/sip.txt", "644", "sip"), ("bar/1/2/3/4/5/6zab.txt", "644", "bar")), P(), true),
        ["add and delete 1"] = (P(("foo/bar.txt", "644", "foo")), P(("bar/baz.txt", "644", "baz")), true),
    };

    /// <summary>TestMultipleUpdates: name → payloads written one after the other.</summary>
    public static readonly Dictionary<string, VolumePayload[]> MultipleUpdates = new()
    {
        ["update 1"] = [P(("foo", "644", "foo"), ("bar", "644", "bar")), P(("foo", "400", "foo2"), ("bar", "400", "bar2")), P(("foo", "600", "foo3"), ("bar", "600", "bar3"))],
        ["update 2"] = [P(("foo/bar.txt", "644", "foo/bar"), ("bar/zab.txt", "644", "bar/zab.txt")), P(("foo/bar.txt", "644", "foo/bar2"), ("bar/zab.txt", "400", "bar/zab.txt2"))],
        ["clear sentinel"] = [P(("foo", "644", "foo"), ("bar", "644", "bar")), P(("foo", "644", "foo2"), ("bar", "644", "bar2")), P(("foo", "644", "foo3"), ("bar", "644", "bar3")), P(("foo", "644", "foo4"), ("bar", "644", "bar4"))],
        ["subdirectories 2"] = [P(("foo/bar.txt", "644", "foo/bar"), ("bar/zab.txt", "644", "bar/zab.txt"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar"), ("bar/zib/zab.txt", "644", "bar/zib/zab.txt")), P(("foo/bar.txt", "644", "foo/bar2"), ("bar/zab.txt", "644", "bar/zab.txt2"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar2"), ("bar/zib/zab.txt", "644", "bar/zib/zab.txt2"))],
        ["add 1"] = [P(("foo/bar.txt", "644", "foo/bar"), ("bar//zab.txt", "644", "bar/zab.txt"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar"), ("bar/zib////zib/zab.txt", "644", "bar/zib/zab.txt")), P(("foo/bar.txt", "644", "foo/bar2"), ("bar/zab.txt", "644", "bar/zab.txt2"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar2"), ("bar/zib/zab.txt", "644", "bar/zib/zab.txt2"), ("add/new/keys.txt", "644", "addNewKeys"))],
        ["add 2"] = [P(("foo/bar.txt", "644", "foo/bar2"), ("bar/zab.txt", "644", "bar/zab.txt2"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar2"), ("bar/zib/zab.txt", "644", "bar/zib/zab.txt2"), ("add/new/keys.txt", "644", "addNewKeys")), P(("foo/bar.txt", "644", "foo/bar2"), ("bar/zab.txt", "644", "bar/zab.txt2"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar2"), ("bar/zib/zab.txt", "644", "bar/zib/zab.txt2"), ("add/new/keys.txt", "644", "addNewKeys"), ("add/new/keys2.txt", "644", "addNewKeys2"), ("add/new/keys3.txt", "644", "addNewKeys3"))],
        ["remove 1"] = [P(("foo/bar.txt", "644", "foo/bar"), ("bar//zab.txt", "644", "bar/zab.txt"), ("foo/blaz/bar.txt", "644", "foo/blaz/bar"), ("zip/zap/zup/fop.txt", "644", "zip/zap/zup/fop.txt")), P(("foo/bar.txt", "644", "foo/bar2"), ("bar/zab.txt", "644", "bar/zab.txt2")), P(("foo/bar.txt", "644", "foo/bar"))],
    };

    /// <summary>TestCreateUserVisibleFiles: name → (payload, visible link → target).</summary>
    public static readonly Dictionary<string, (VolumePayload Payload, Dictionary<string, string> Links)> CreateUserVisibleFiles = new()
    {
        ["simple path"] = (P(("foo", "644", string.Empty), ("bar", "644", string.Empty)), new() { ["foo"] = "..data/foo", ["bar"] = "..data/bar" }),
        // Upstream also has "foo/bar/txt" next to "foo/bar": a path that is both a file and a directory, which the
        // writer refuses before touching anything (see Refuses_a_path_that_is_both_a_file_and_a_directory).
        ["simple nested path"] = (P(("foo/bar", "644", string.Empty), ("bar/txt", "644", string.Empty)), new() { ["foo"] = "..data/foo", ["bar"] = "..data/bar" }),
        ["unclean nested path"] = (P(("./bar", "644", string.Empty), ("foo///bar", "644", string.Empty)), new() { ["bar"] = "..data/bar", ["foo"] = "..data/foo" }),
    };

    private static string Bin => "\0binary";

    public static TheoryData<string> Names<T>(Dictionary<string, T> table) => [.. table.Keys];

    /// <summary>A payload from (path, octal mode, content) triples; <c>"\0binary"</c> stands for the mystery binary.</summary>
    public static VolumePayload P(params (string Path, string Mode, string Data)[] files) =>
        new(files.Select(f => KeyValuePair.Create(f.Path, new PayloadFile(f.Data == Bin ? MysteryBinary : Encoding.UTF8.GetBytes(f.Data), Convert.ToInt32(f.Mode, 8)))));
}
