using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using SecretProjection.Linux.Volumes;
using SecretProjection.TestSupport;
using Xunit.Abstractions;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// Modes and owners on disk are what <c>plan</c> says, whatever the umask of the writing process: the built tool's
/// <c>project</c> runs in a child shell with <c>umask 077</c>, <c>000</c> and <c>022</c> (the umask is per process,
/// so this test process keeps its own). Every file has exactly its planned mode (with an fsGroup, the group-read
/// bit included), owner and group; the generation directory and its subdirectories are 0755, and 02755 with an
/// fsGroup (set-group-id, group read and search), as upstream's writer and SetVolumeOwnership make them; the
/// root and volume directories the tool creates are 0755 too (with the fsGroup's bits on the volume directory).
/// </summary>
/// <remarks>
/// Upstream (pkg/volume/util/atomic_writer.go) chmods the generation directory to 0755 and each file to its mode
/// after writing; it creates subdirectories with MkdirAll(0777), which the umask trims (0755 under the kubelet's
/// usual 022). This writer sets 0755 on them too, whatever the umask. Owners need root (CI runs as root): without
/// it the volumes have no fsGroup or users, and only the modes are checked.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class PermissionTests : IDisposable
{
    private const int DirectoryMode = 0x1ED; // 0755
    private const int DirectoryModeWithFsGroup = 0x5ED; // 02755

    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-permissions-").FullName;

    public PermissionTests(ITestOutputHelper output) => _output = FigureLog.For<PermissionTests>(output);

    private static bool Root => Tmpfs.CanMount;

    [Theory]
    [InlineData("077")]
    [InlineData("000")]
    [InlineData("022")]
    public void Files_get_exactly_the_planned_mode_and_owner_and_directories_0755_whatever_the_umask(string umask)
    {
        Check(umask, owners: false);
        if (Root)
        {
            Check(umask, owners: true);
        }
        else
        {
            _output.WriteLine("not root: the fsGroup and owners variant needs chown; skipped");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Check(string umask, bool owners)
    {
        var input = Path.Combine(_dir, $"input-{owners}.yaml");
        File.WriteAllText(input, Manifest(owners));
        var root = Path.Combine(_dir, $"out-{umask}-{owners}");
        var directoryMode = owners ? DirectoryModeWithFsGroup : DirectoryMode;

        var plan = ToolProcess.Run("plan", "-f", input, "-o", "json");
        var project = ToolProcess.Run(["project", "-f", input, "--root", root, "-o", "json"], standardInput: null, umask: umask);

        Assert.True(plan.ExitCode == 0, plan.Stderr);
        Assert.True(project.ExitCode == 0, project.Stdout + project.Stderr);
        var files = 0;
        var directories = 0;
        using var json = JsonDocument.Parse(plan.Stdout);
        foreach (var volume in json.RootElement.GetProperty("volumes").EnumerateArray())
        {
            var volumeDir = Path.Combine(root, volume.GetProperty("name").GetString()!);
            var generation = Path.Combine(volumeDir, new FileInfo(Path.Combine(volumeDir, "..data")).LinkTarget!);
            // The root and volume directories are the tool's mkdir: 0755 whatever the umask (under umask 000 a 0777
            // volume directory let anyone replace ..data), the volume directory with the fsGroup's bits on top.
            Assert.Equal(Octal(DirectoryMode), SandboxSnapshot.Take(root, recursive: false).Entries["."].Split(' ')[1]);
            Assert.Equal(Octal(directoryMode), SandboxSnapshot.Take(volumeDir, recursive: false).Entries["."].Split(' ')[1]);

            foreach (var file in volume.GetProperty("files").EnumerateArray())
            {
                var path = file.GetProperty("path").GetString()!;
                var entry = SandboxSnapshot.Take(Path.Combine(generation, path), recursive: false).Entries["."];
                var group = file.GetProperty("group").ValueKind == JsonValueKind.Null ? 0 : file.GetProperty("group").GetInt64();
                var user = file.GetProperty("user").ValueKind == JsonValueKind.Null ? 0 : file.GetProperty("user").GetInt64();
                var expected = $"f {file.GetProperty("mode").GetString()} " + (Root ? $"{user}:{group}" : string.Empty);
                Assert.True(entry.StartsWith(expected, StringComparison.Ordinal), $"umask {umask}: {volume.GetProperty("name")}/{path} is \"{entry}\", planned \"{expected}\"");
                files++;
            }

            foreach (var directory in Directory.GetDirectories(generation, "*", SearchOption.AllDirectories).Append(generation))
            {
                var mode = Convert.ToInt32(SandboxSnapshot.Take(directory, recursive: false).Entries["."].Split(' ')[1], 8);
                Assert.Equal(Octal(directoryMode), Octal(mode));
                directories++;
            }
        }

        _output.WriteLine($"umask={umask} files={files} exactly as planned, directories={directories} at {Octal(directoryMode)}"
            + (owners ? ", with fsGroup 2000: owners and groups as planned" : Root ? ", owners as planned (root)" : " (not root: owners not checked)"));
        Assert.True(files >= 8 && directories >= 5, "the pod plans fewer files and directories than it should");
    }

    /// <summary>A pod whose volumes cover default and item modes (0, 0400, 0777, ...), nested directories and, with <paramref name="owners"/>, an fsGroup and file owners.</summary>
    private static string Manifest(bool owners) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          {{(owners ? "securityContext: {fsGroup: 2000}" : string.Empty)}}
          containers: [{name: app, image: app}]
          volumes:
          - name: picked
            secret:
              secretName: s
              defaultMode: 0400
              {{(owners ? "defaultUser: 1000" : string.Empty)}}
              items:
              - {key: a, path: top}
              - {key: b, path: d/e/open, mode: 0777}
              - {key: c, path: d/closed, mode: 0}
              - {key: d, path: d/e/f/group, mode: 0640{{(owners ? ", user: 1001" : string.Empty)}}}
          - name: whole
            secret: {secretName: s}
          - name: mixed
            projected:
              defaultMode: 0604
              sources:
              - secret: {name: s, items: [{key: a, path: x/y/z, mode: 0751}]}
              - configMap: {name: c}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: s}
        stringData: {a: "1", b: "2", c: "3", d: "4"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data: {setting: "on"}
        """;

    private static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0').ToString(CultureInfo.InvariantCulture);
}
