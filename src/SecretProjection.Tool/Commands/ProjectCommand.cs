using System.CommandLine;
using System.Runtime.Versioning;
using System.Text;
using SecretProjection.Linux.Volumes;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Tool.Cli;
using SecretProjection.Writing;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>project --root DIR [--tmpfs]</c>: writes each secret, configMap and projected volume of the pod into
/// <c>DIR/&lt;volume&gt;/</c> with the kubelet's layout and atomic update. Unchanged data writes nothing; a
/// volume that fails (missing secret or key, bad path) keeps its previous contents.
/// </summary>
internal static class ProjectCommand
{
    private const int DefaultMode = 0x1A4; // 0644

    public static Command Create(ToolContext context)
    {
        var common = new CommonOptions();
        var root = new Option<string>("--root") { Description = "The directory under which each volume is written, as DIR/<volume>/.", Required = true };
        var tmpfs = new Option<bool>("--tmpfs") { Description = "Mount each volume directory as tmpfs first, as the kubelet does (needs root)." };
        var command = new Command("project", "Write the pod's secret, configMap and projected volumes as the kubelet does, atomically.");
        common.AddTo(command);
        command.Options.Add(root);
        command.Options.Add(tmpfs);
        command.SetAction(result =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new InputException("project writes volumes with Linux system calls and runs on Linux only");
            }

            var input = PodInput.From(InputLoader.Load(result.GetValue(common.Files) ?? [], context));
            var results = Project(input, result.GetValue(root)!, result.GetValue(tmpfs));
            if (common.IsJson(result))
            {
                WriteJson(context.Output, results);
            }
            else
            {
                WriteText(context.Output, results);
            }

            return results.Any(r => r.Error is not null) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    [SupportedOSPlatform("linux")]
    internal static List<VolumeResult> Project(PodInput input, string root, bool tmpfs)
    {
        if (tmpfs && !Tmpfs.CanMount)
        {
            throw new InputException("--tmpfs mounts with mount(2) and needs root");
        }

        var results = new List<VolumeResult>();
        foreach (var volume in input.Pod.Volumes.Where(v => v.Secret is not null || v.ConfigMap is not null || v.Projected is not null))
        {
            var path = Path.GetFullPath(Path.Combine(root, volume.Name));
            try
            {
                var (payload, error) = VolumePayloads.Build(volume, input.Pod.Namespace, input.Objects);
                if (error is not null)
                {
                    results.Add(new VolumeResult(volume.Name, path, false, error));
                    continue;
                }

                if (!Directory.Exists(path))
                {
                    Directory.CreateDirectory(path); // not even a failed mkdir on an unchanged re-run
                }

                if (tmpfs)
                {
                    Tmpfs.Mount(path);
                }

                var writer = AtomicWriter.Create(new LinuxVolumeFileSystem(path), new AtomicWriterOptions { FsGroup = input.Pod.SecurityContext.FsGroup });
                results.Add(new VolumeResult(volume.Name, path, writer.Write(payload!).Changed, null));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidPayloadException)
            {
                results.Add(new VolumeResult(volume.Name, path, false, e.Message));
            }
        }

        return results;
    }

    private static void WriteJson(TextWriter output, List<VolumeResult> results) => JsonOutput.Write(output, json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("volumes");
        foreach (var r in results)
        {
            json.WriteStartObject();
            json.WriteString("name", r.Name);
            json.WriteString("path", r.Path);
            json.WriteBoolean("changed", r.Changed);
            json.WriteString("error", r.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteText(TextWriter output, List<VolumeResult> results)
    {
        var table = new TextTable("VOLUME", "PATH", "RESULT");
        foreach (var r in results)
        {
            table.Add(r.Name, r.Path, r.Error is { } error ? "error: " + error : r.Changed ? "written" : "unchanged");
        }

        table.WriteTo(output);
    }

    internal sealed record VolumeResult(string Name, string Path, bool Changed, string? Error);

    /// <summary>
    /// A minimal payload builder (the kubelet's secret, configMap and projected <c>MakePayload</c>): to be
    /// replaced by the planner in SecretProjection.Projection once it exists.
    /// </summary>
    private static class VolumePayloads
    {
        public static (VolumePayload? Payload, string? Error) Build(Volume volume, string ns, IObjectLookup lookup)
        {
            var files = new List<KeyValuePair<string, PayloadFile>>();
            string? error = volume switch
            {
                { Secret: { } s } => Add(files, Secret(lookup, ns, s.SecretName), s.Items, s.DefaultMode ?? DefaultMode, s.DefaultUser, s.Optional, "secret"),
                { ConfigMap: { } c } => Add(files, ConfigMap(lookup, ns, c.Name), c.Items, c.DefaultMode ?? DefaultMode, c.DefaultUser, c.Optional, "configmap"),
                { Projected: { } p } => AddProjected(files, lookup, ns, p),
                _ => null,
            };
            return error is null ? (new VolumePayload(files), null) : (null, error);
        }

        private static string? AddProjected(List<KeyValuePair<string, PayloadFile>> files, IObjectLookup lookup, string ns, ProjectedVolumeSource projected)
        {
            var mode = projected.DefaultMode ?? DefaultMode;
            foreach (var source in projected.Sources)
            {
                var error = source switch
                {
                    { Secret: { } s } => Add(files, Secret(lookup, ns, s.Name), s.Items, mode, projected.DefaultUser, s.Optional, "secret"),
                    { ConfigMap: { } c } => Add(files, ConfigMap(lookup, ns, c.Name), c.Items, mode, projected.DefaultUser, c.Optional, "configmap"),
                    _ => $"projected source {source.UnsupportedKind ?? "(empty)"} is not supported",
                };
                if (error is not null)
                {
                    return error;
                }
            }

            return null;
        }

        // Later files with the same path replace earlier ones (a later projected source wins).
        private static string? Add(List<KeyValuePair<string, PayloadFile>> files, (string Name, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? Data, string? Failure) source, IReadOnlyList<KeyToPath> items, int mode, long? user, bool optional, string kind)
        {
            if (source.Data is null)
            {
                return source.Failure is null
                    ? optional ? null : $"{kind}s \"{source.Name}\" not found"
                    : $"{kind} \"{source.Name}\": {source.Failure}";
            }

            if (items.Count == 0)
            {
                files.AddRange(source.Data.Select(d => KeyValuePair.Create(d.Key, new PayloadFile(d.Value, mode, user))));
                return null;
            }

            foreach (var item in items)
            {
                if (!source.Data.TryGetValue(item.Key, out var data))
                {
                    if (optional)
                    {
                        continue;
                    }

                    return kind == "secret" ? $"references non-existent secret key: {item.Key}" : $"configmap references non-existent config key: {item.Key}";
                }

                files.Add(KeyValuePair.Create(item.Path, new PayloadFile(data, item.Mode ?? mode, item.User ?? user)));
            }

            return null;
        }

        private static (string, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>?, string?) Secret(IObjectLookup lookup, string ns, string name)
        {
            var found = lookup.GetSecret(ns, name);
            return (name, found.Value?.Data, found.Failure);
        }

        private static (string, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>?, string?) ConfigMap(IObjectLookup lookup, string ns, string name)
        {
            var found = lookup.GetConfigMap(ns, name);
            if (found.Value is not { } configMap)
            {
                return (name, null, found.Failure);
            }

            var data = configMap.Data.ToDictionary(d => d.Key, d => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(d.Value), StringComparer.Ordinal);
            foreach (var (key, value) in configMap.BinaryData)
            {
                data[key] = value;
            }

            return (name, data, null);
        }
    }
}
