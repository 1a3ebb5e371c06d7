using System.Globalization;
using System.Text;
using SecretProjection.Credentials;
using SecretProjection.Environment;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Sources;
using SecretProjection.Testing.Volumes;
using SecretProjection.Tool.Cli;
using SecretProjection.Validation;
using SecretProjection.Writing;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// One input through the whole pipeline: read → validate → resolve the environment → pull credentials → plan
/// → write each planned volume to the in-memory simulation. Every failure must be one of the typed outcomes
/// (a manifest error, field errors, a container that cannot start, a failed volume, a file-system error from
/// the writer); anything else escapes and fails the property. A written volume must hold exactly its plan,
/// with the planned modes, and nothing outside it may appear.
/// </summary>
internal static class FuzzPipeline
{
    private static readonly string[][] ToolRuns =
    [
        ["validate"], ["validate", "-o", "json"], ["env"], ["env", "-o", "json", "--reveal"], ["plan"], ["plan", "-o", "json"], ["pull-auth"], ["pull-auth", "-o", "json", "--reveal"],
    ];

    public static void Run(string manifest, FuzzTally tally, int toolRun)
    {
        if (toolRun >= 0)
        {
            RunTool(ToolRuns[toolRun % ToolRuns.Length], manifest, tally);
        }

        ManifestSet set;
        try
        {
            set = ManifestReader.Read(manifest, "fuzz.yaml");
        }
        catch (ManifestException e)
        {
            Require(e.Message.StartsWith("fuzz.yaml", StringComparison.Ordinal), () => "a manifest error without its source: " + e.Message);
            tally.Add(ref tally.Unreadable);
            return;
        }

        var secrets = set.Secrets.ToArray();
        var configMaps = set.ConfigMaps.ToArray();
        var pods = set.Pods.ToArray();
        Validate(secrets, configMaps, tally);
        foreach (var pod in pods)
        {
            Run(new FuzzInputs.Scenario(pod, secrets, configMaps, set.ServiceAccounts.FirstOrDefault()), tally, validateObjects: false);
        }
    }

    public static void Run(FuzzInputs.Scenario scenario, FuzzTally tally, bool validateObjects = true)
    {
        var (pod, secrets, configMaps, account, envVarNames) = scenario;
        if (validateObjects)
        {
            Validate(secrets, configMaps, tally);
        }

        tally.Add(ref tally.FieldErrors, PodValidation.Validate(pod, new PodValidationOptions { EnvVarNames = envVarNames }).Count);
        var lookup = new ObjectSnapshot(secrets, configMaps);
        tally.Add(ref tally.ContainersBlocked, EnvResolver.ResolvePod(pod, lookup, new EnvResolverOptions { EnvVarNames = envVarNames }).Count(c => !c.CanStart));

        tally.Add(ref tally.PullErrors, PullAuthResolver.Resolve(pod, lookup, account).Errors.Count);
        foreach (var volume in PodPlanner.Plan(pod, lookup).Volumes)
        {
            if (volume.Succeeded)
            {
                Write(volume, tally);
            }
            else
            {
                Require(volume.Files.Count == 0 && volume.Errors.All(e => e.Message.Length > 0), () => $"failed volume {volume.Name} has files or an empty error");
                tally.Add(ref tally.VolumesFailed);
            }
        }

        tally.Add(ref tally.Inputs);
    }

    /// <summary>A payload straight to the writer: refused, failed by the file system, or written exactly, inside the volume.</summary>
    public static void Write(VolumePayload first, VolumePayload second, FuzzTally tally)
    {
        var fs = new InMemoryVolumeFileSystem();
        var writer = AtomicWriter.Create(fs);
        foreach (var payload in new[] { first, second })
        {
            try
            {
                writer.Write(payload);
            }
            catch (InvalidPayloadException)
            {
                tally.Add(ref tally.PayloadsRefused);
                continue;
            }
            catch (IOException)
            {
                tally.Add(ref tally.WriteErrors);
                continue;
            }

            foreach (var path in payload.Keys)
            {
                Require(fs.ReadFileThroughLinks(path) is not null, () => $"{Show(path)} is not readable after the write");
            }

            var visible = fs.ListThroughLinks(string.Empty)!.Where(n => !VolumeLayout.IsReserved(n));
            var expected = payload.Keys.Select(p => p.Split('/').First(e => e.Length > 0 && e != ".")).Distinct();
            Require(visible.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)), () => "visible names are not the payload's");
            tally.Add(ref tally.PayloadsWritten);
        }

        Require(fs.ListThroughLinks("/") is ["volume"], () => "something was written outside the volume");
        tally.Add(ref tally.Inputs);
    }

    private static void Validate(Secret[] secrets, ConfigMap[] configMaps, FuzzTally tally)
    {
        foreach (var secret in secrets)
        {
            tally.Add(ref tally.FieldErrors, SecretValidation.Validate(secret).Count);
            foreach (var previous in secrets.Where(s => s.Name == secret.Name && !ReferenceEquals(s, secret)))
            {
                tally.Add(ref tally.FieldErrors, SecretValidation.ValidateUpdate(secret, previous).Count);
            }
        }

        foreach (var configMap in configMaps)
        {
            tally.Add(ref tally.FieldErrors, ConfigMapValidation.Validate(configMap).Count);
        }
    }

    /// <summary>A planned volume through the writer: exactly the plan's files, bytes and modes; unchanged on a second write; emptied by an empty payload.</summary>
    private static void Write(VolumePlan volume, FuzzTally tally)
    {
        var fs = new InMemoryVolumeFileSystem();
        var writer = AtomicWriter.Create(fs);

        // The planner checks the writer's own path rules, which refuse what the file system would (a NUL), so a
        // planned volume is always written.
        writer.Write(volume.ToPayload());

        foreach (var file in volume.Files)
        {
            Require(fs.ReadFileThroughLinks(file.Path) is { } data && data.AsSpan().SequenceEqual(file.Data.Span), () => $"{Show(file.Path)} does not hold the planned bytes");
            Require(fs.StatThroughLinks(file.Path)!.Mode == file.EffectiveMode, () => $"{Show(file.Path)} does not have the planned mode {file.EffectiveMode:o}");
        }

        Require(!writer.Write(volume.ToPayload()).Changed, () => "an unchanged payload was written again");
        writer.Write(VolumePayload.Empty);
        Require(fs.ListThroughLinks(string.Empty)!.All(VolumeLayout.IsReserved), () => "an empty payload left visible names");
        Require(fs.ListThroughLinks("/") is ["volume"], () => "something was written outside the volume");
        tally.Add(ref tally.VolumesWritten);
    }

    /// <summary>The tool in-process, reading the manifest from standard input: exit 0, 1 or 2, never an internal error.</summary>
    private static void RunTool(string[] verb, string manifest, FuzzTally tally)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var context = new ToolContext(output, error, () => new MemoryStream(Encoding.UTF8.GetBytes(manifest)));
        var exit = ToolApp.RunAsync([.. verb, "-f", "-"], context, CancellationToken.None).GetAwaiter().GetResult();
        Require(exit is 0 or 1 or 2, () => $"{string.Join(' ', verb)} exited {exit}");
        Require(!error.ToString().Contains("internal error", StringComparison.Ordinal), () => $"{string.Join(' ', verb)}: {error}");
        tally.Add(ref tally.ToolRuns);
    }

    private static string Show(string path) => PrintableWriter.Escape(path);

    // Plain checks: xunit's assertions would dominate the run time of a hundred thousand inputs.
    private static void Require(bool condition, Func<string> message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message());
        }
    }
}
