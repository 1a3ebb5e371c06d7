using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Configuration;
using SecretProjection.Credentials;
using SecretProjection.Environment;
using SecretProjection.Extensions.Configuration;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Linux.Agent;
using SecretProjection.Linux.Volumes;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Sources;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.TestSupport;
using SecretProjection.Testing.Volumes;
using SecretProjection.Tool.Cli;
using SecretProjection.Validation;
using SecretProjection.Writing;
using Xunit.Abstractions;
using static SecretProjection.Tool.Tests.Hardening.Redaction;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// Secret values never leak. Secrets hold a marker; every verb runs in table and JSON format, with and without
/// <c>--reveal</c>, on input that succeeds and on input that fails at every stage; every library result, change
/// detection's included (the <see cref="ChangeDetectionScenario"/>), is walked by reflection and its
/// <c>ToString()</c> taken; every exception's message chain is read. The marker, in any case and as base64 (each
/// alignment, standard and URL-safe) or hex, appears only in <c>--reveal</c> output and in the files
/// <c>project</c> writes; the tests first check they would see it there. Logs: <see cref="LogRedactionTests"/>;
/// the <c>sync</c> verb: <see cref="SyncRedactionTests"/>.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(ChangeDetectionCollection.Name)]
public sealed class RedactionTests : IDisposable
{
    // Public types no scenario below produces an instance of, and why they cannot hold a value.
    private static readonly Dictionary<Type, string> ValueFree = new()
    {
        [typeof(AtomicWriterOptions)] = "options: clock, random source, fsGroup",
        [typeof(EnvResolverOptions)] = "options: name rule, length limit",
        [typeof(PlanningOptions)] = "options: feature switches",
        [typeof(PodValidationOptions)] = "options: name rule",
        [typeof(ManifestReaderOptions)] = "options: a namespace",
        [typeof(KubernetesSourcesOptions)] = "options: a random source",
        [typeof(TmpfsOptions)] = "options: size, mode, flags",
        [typeof(KubeletVolumeHost)] = "a directory path and tmpfs options",
        [typeof(LinuxVolumeOptions)] = "options: whether a shared volume directory is allowed",
        [typeof(LinuxVolumeRootOptions)] = "options: tmpfs and volume directory options",
        [typeof(LinuxVolumeRoot)] = "a directory held open: paths and descriptors, never a file's bytes",
        [typeof(SecretVolumeConfigurationOptions)] = "options: what to read, how to watch",
        [typeof(SecretVolumeWatchOptions)] = "options: polling interval",
        [typeof(ManifestException)] = "an exception: its messages are checked where it is thrown",
        [typeof(InvalidPayloadException)] = "an exception: its messages are checked where it is thrown",
        [typeof(ObjectSourceException)] = "an exception: its messages are checked where it is thrown",
        [typeof(SimulatedCrashException)] = "an exception with fixed messages",
        [typeof(ClusterTrustBundle)] = "public certificates, a signer and labels: no Secret value",
        [typeof(ClusterTrustBundleProjection)] = "a path and a selection of bundles",
        [typeof(DownwardApiVolumeFile)] = "a path, a mode and a field reference",
        [typeof(DownwardApiVolumeSource)] = "items and a mode",
        [typeof(LabelSelector)] = "label keys and values",
        [typeof(LabelSelectorRequirement)] = "a label key, an operator and values",
        [typeof(Node)] = "a name and resource quantities",
        [typeof(ObjectFieldSelector)] = "a field path",
        [typeof(ResourceFieldSelector)] = "a resource name, a container name and a divisor",
        [typeof(ServiceAccountTokenProjection)] = "a path, an audience and a lifetime",
    };

    // The user name carries the marker too: it comes from inside the secret's value (hostile-host review, finding 12).
    private static readonly string PullConfig = "{\"auths\":{\"registry.example.com\":{\"username\":\"" + Marker + "-user\",\"password\":\"" + Marker + "\",\"auth\":\"" + B64(Marker + "-user:" + Marker) + "\"}}}";
    private static readonly string NotJsonConfig = "{\"auths\": " + Marker;
    private static readonly string NoColonConfig = "{\"auths\":{\"registry.example.com/shop\":{\"auth\":\"" + B64(Marker) + "\"}}}";

    private readonly ITestOutputHelper _output;
    private readonly ChangeDetectionScenario _changeDetection;
    private readonly string _root = Directory.CreateTempSubdirectory("secretprojection-redaction-").FullName;
    private readonly List<string> _checked = [];

    public RedactionTests(ITestOutputHelper output, ChangeDetectionScenario changeDetection)
    {
        _output = FigureLog.For<RedactionTests>(output);
        _changeDetection = changeDetection;
    }

    /// <summary>
    /// Input that every verb reads: a pod whose env, volumes, mounts and pull secrets all reach the marker, with a
    /// container that cannot start, a volume that cannot be set up and pull secrets that are missing or unreadable.
    /// </summary>
    private static string Manifest { get; } = $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          serviceAccountName: builder
          containers:
          - name: app
            image: registry.example.com/shop/web:1
            env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: password}
            - {name: URL, value: "postgres://app:$(PASSWORD)@db/shop"}
            envFrom:
            - prefix: DB_
              secretRef: {name: db}
            - configMapRef: {name: gone, optional: true}
            volumeMounts:
            - {name: creds, mountPath: /etc/creds}
            - {name: picked, mountPath: /etc/p, subPath: auth}
          - name: broken
            image: "registry.example.com:99999/UPPER"
            env:
            - name: X
              valueFrom:
                secretKeyRef: {name: db, key: nope}
          volumes:
          - {name: creds, secret: {secretName: db} }
          - name: picked
            projected:
              sources:
              - secret: {name: db, items: [{key: password, path: auth/p}]}
              - configMap: {name: settings}
          - {name: missing, secret: {secretName: db, items: [{key: nope, path: x}] } }
          - {name: settings, configMap: {name: settings, optional: true} }
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        data:
          password: {{B64(Marker)}}
          token: {{B64(Shifted)}}
        stringData: {other: "{{Marker}}"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {level: debug}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: pull, namespace: shop}
        type: kubernetes.io/dockerconfigjson
        data:
          .dockerconfigjson: {{B64(PullConfig)}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: no-colon, namespace: shop}
        type: kubernetes.io/dockerconfigjson
        data:
          .dockerconfigjson: {{B64(NoColonConfig)}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: not-json, namespace: shop}
        type: kubernetes.io/dockerconfigjson
        data:
          .dockerconfigjson: {{B64(NotJsonConfig)}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: builder, namespace: shop}
        imagePullSecrets: [{name: pull}, {name: no-colon}, {name: not-json}, {name: gone}]
        """;

    /// <summary>The same without the unreadable pull secrets, which fail every pull (as in the kubelet): here the credentials match.</summary>
    private static string ReadablePullSecrets { get; } = Manifest.Replace("{name: no-colon}, {name: not-json}, ", string.Empty, StringComparison.Ordinal);

    /// <summary>Input the reader refuses, each with the marker where the error is.</summary>
    private static string[] Unreadable { get; } =
    [
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata: {{k: \"{Marker}!!\"}}\n",
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData: {{k: {Marker}: x}}\n",
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n  k: [{Marker}\n",
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n  k: {{{Marker}: [1, 2]}}\n",
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata:\n  k: {B64(Marker)}\n  k: {B64(Marker)}\n",
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData: \"{Marker}\"\n",
        $"{{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {{\"name\": \"s\"}}, \"data\": {{\"k\": \"{Marker}\"",
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData: {{k: &a \"{Marker}\", j: *b}}\n",
    ];

    [Fact]
    public async Task Every_verb_in_every_format_hides_the_marker_unless_revealed()
    {
        string[][] verbs = [["validate"], ["env"], ["plan"], ["pull-auth"], ["project", "--root", Path.Combine(_root, "out")]];
        foreach (var input in new[] { Manifest, ReadablePullSecrets })
        {
            foreach (var verb in verbs)
            {
                foreach (var format in new[] { Array.Empty<string>(), ["-o", "json"] })
                {
                    var (exit, output, error) = await RunAsync([.. verb, .. format], input);
                    Assert.True(exit is 0 or 1, $"{string.Join(' ', verb)}: exit {exit}: {error}");
                    AssertHidden($"{verb[0]} {string.Join(' ', format)}", output + error);
                }
            }
        }

        // The test can see the marker where it belongs: revealed values, and the files written.
        foreach (var verb in new[] { "env", "pull-auth" })
        {
            foreach (var format in new[] { Array.Empty<string>(), ["-o", "json"] })
            {
                var (_, output, _) = await RunAsync([verb, "--reveal", .. format], ReadablePullSecrets);
                Assert.Contains(Marker, output, StringComparison.Ordinal);
            }
        }

        Assert.Equal(Marker, File.ReadAllText(Path.Combine(_root, "out", "creds", "password")));
        Assert.Equal(Marker, File.ReadAllText(Path.Combine(_root, "out", "picked", "auth", "p")));
        _output.WriteLine($"verb runs checked: {_checked.Count}; --reveal and the written files hold the marker");
    }

    // The search itself: it finds the marker wherever it is base64- or hex-encoded inside longer text.
    [Theory]
    [InlineData("", "")]
    [InlineData("u:", "")]
    [InlineData("x", "yz")]
    [InlineData("{\"password\":\"", "\"}")]
    public void The_search_finds_the_marker_in_any_encoding_inside_longer_text(string before, string after)
    {
        var bytes = Encoding.UTF8.GetBytes(before + Marker + after);
        foreach (var encoded in new[] { Convert.ToBase64String(bytes), Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('='), Convert.ToHexString(bytes), (before + Marker + after).ToUpperInvariant() })
        {
            Assert.Throws<Xunit.Sdk.FalseException>(() => AssertHidden("the check", "some text " + encoded + " more text"));
        }
    }

    [Fact]
    public async Task Unreadable_input_is_reported_without_the_marker_in_messages_or_inner_exceptions()
    {
        foreach (var (text, i) in Unreadable.Select((t, i) => (t, i)))
        {
            var error = Assert.Throws<ManifestException>(() => ManifestReader.Read(text, "in.yaml"));
            for (Exception? e = error; e is not null; e = e.InnerException)
            {
                AssertHidden($"input {i}: {e.GetType().Name}", e.Message);
            }

            foreach (var verb in new[] { "validate", "env", "plan", "pull-auth" })
            {
                var (exit, output, stderr) = await RunAsync([verb, "-o", "json"], text);
                Assert.Equal(2, exit);
                AssertHidden($"input {i}: {verb}", output + stderr);
            }
        }

        _output.WriteLine($"unreadable inputs={Unreadable.Length}, each read directly and by four verbs: the marker is in no message");
    }

    /// <summary>
    /// Every public type of the library: an instance from the marker scenario, walked by reflection, whose
    /// ToString() must not show the marker; or a type listed as value-free, with the reason.
    /// </summary>
    [Fact]
    public void No_public_type_shows_the_marker_in_ToString()
    {
        var seen = new HashSet<Type>();
        var visited = 0;
        foreach (var root in Scenario().Concat(_changeDetection.Produced))
        {
            Walk(root, seen, new HashSet<object>(ReferenceEqualityComparer.Instance), ref visited);
        }

        var types = Library.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsInterface && !t.IsEnum && !(t.IsAbstract && t.IsSealed) && !typeof(Delegate).IsAssignableFrom(t))
            .ToArray();
        var missing = types.Where(t => !seen.Contains(t) && !ValueFree.ContainsKey(t)).Select(t => t.FullName).ToArray();
        _output.WriteLine($"public types={types.Length} instances-checked={seen.Count(types.Contains)} value-free={ValueFree.Count} objects-walked={visited}");
        Assert.True(missing.Length == 0, "public types with neither an instance in the scenario nor a reason to hold no value: " + string.Join(", ", missing));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The results of every public entry point for the marker input, and the exceptions they raise.</summary>
    private IEnumerable<object> Scenario()
    {
        var set = ManifestReader.Read(Manifest, "in.yaml");
        yield return set;

        // An unknown field and an unknown kind give warnings: with field paths and kinds, never values.
        yield return ManifestReader.Read($"apiVersion: v1\nkind: Secret\nmetadata: {{name: w, nmae: {Marker}}}\ndata: {{k: {B64(Marker)}}}\n---\napiVersion: v1\nkind: secret\nmetadata: {{name: w}}\ndata: {{k: {B64(Marker)}}}\n", "in.yaml");
        var pod = set.Pods.Single();
        var secrets = set.Secrets.ToArray();
        var lookup = new ObjectSnapshot(secrets, set.ConfigMaps);
        yield return lookup;
        yield return new ClusterSnapshot(lookup);
        var token = new ServiceAccountTokenProjection { Path = "token", Audience = "api" };
        var issued = new ServiceAccountToken(new TokenRequestSpec(["api"], 3600, new BoundObjectReference("Pod", "v1", "web", "uid-web")), Marker, DateTimeOffset.UnixEpoch);
        yield return new ClusterSnapshot(lookup) { ServiceAccountTokens = new Dictionary<ServiceAccountTokenProjection, LookupResult<ServiceAccountToken>> { [token] = LookupResult<ServiceAccountToken>.Found(issued) } };
        yield return PodPlanner.Plan(pod with { Volumes = [new Volume { Name = "sa", Projected = new ProjectedVolumeSource { Sources = [new VolumeProjection { ServiceAccountToken = token }] } }] }, new ClusterSnapshot(lookup) { ServiceAccountTokens = new Dictionary<ServiceAccountTokenProjection, LookupResult<ServiceAccountToken>> { [token] = LookupResult<ServiceAccountToken>.Found(issued) } });
        yield return lookup.GetSecret("shop", "db");
        yield return new ObjectList<Secret>(secrets[0], "1");
        yield return new WatchEvent<Secret>(WatchEventType.Modified, secrets[0], "2", new SourceStatus(410, "Expired", "too old"));
        foreach (var secret in secrets)
        {
            yield return SecretValidation.Validate(secret);
            yield return SecretValidation.ValidateUpdate(secret with { Type = "changed", Immutable = true }, secret with { Immutable = true });
        }

        yield return PodValidation.Validate(pod);
        yield return FieldPath.Root("spec", "volumes").Index(0).Child("secret");
        var environment = EnvResolver.ResolvePod(pod, lookup);
        yield return environment;
        var rotated = secrets.Select(s => s.Name == "db" ? s with { Data = s.Data.WithStringData([KeyValuePair.Create("password", Marker + "-rotated")]) } : s);
        yield return EnvDrift.Compare(environment, EnvResolver.ResolvePod(pod, new ObjectSnapshot(rotated)));
        yield return PullAuthResolver.Resolve(pod, lookup, set.ServiceAccounts.Single());
        yield return RegistryKeyring.Build(secrets);
        yield return RegistryKeyring.Build(secrets.Where(s => s.Name == "pull"));
        var readable = ManifestReader.Read(ReadablePullSecrets, "in.yaml");
        yield return PullAuthResolver.Resolve(readable.Pods.Single(), new ObjectSnapshot(readable.Secrets), readable.ServiceAccounts.Single());
        var plan = PodPlanner.Plan(pod, lookup);
        yield return plan;

        var memory = new InMemoryVolumeFileSystem();
        yield return memory;
        foreach (var planned in plan.Volumes.Where(v => v.Succeeded))
        {
            var payload = planned.ToPayload();
            yield return payload;
            yield return AtomicWriter.Create(memory).Write(payload);
            var linux = new LinuxVolumeFileSystem(Directory.CreateDirectory(Path.Combine(_root, planned.Name)).FullName);
            var result = AtomicWriter.Create(linux).Write(payload);
            yield return linux;
            yield return result;
            yield return linux.GetEntry(result.DataDirectory)!;
        }

        // The one project-a-volume operation, on every planned volume: written, and failed for the one that fails.
        foreach (var planned in plan.Volumes)
        {
            var projector = new VolumeProjector(planned.Name, () => new InMemoryVolumeFileSystem());
            yield return projector;
            yield return projector.Project(planned);
        }

        var volume = Path.Combine(_root, "creds");

        yield return Record.Exception(() => plan.Volumes.Single(v => !v.Succeeded).ToPayload())!;
        yield return Record.Exception(() => AtomicWriter.Create(memory).Write(new VolumePayload([KeyValuePair.Create("../escape", new PayloadFile(Encoding.UTF8.GetBytes(Marker), 0x1A4))])))!;

        var configuration = new ConfigurationBuilder().AddSecretVolume(volume).Build();
        Assert.Equal(Marker, configuration["password"]);
        yield return ((IConfigurationRoot)configuration).Providers;
        using var file = SecretVolume.OpenFile(Path.Combine(volume, "password"));
        yield return file;
        using var watcher = SecretVolume.Watch(volume);
        yield return watcher;
    }

    /// <summary>Checks the ToString() of every object of the library reachable through public properties and collections.</summary>
    private void Walk(object? value, HashSet<Type> seen, HashSet<object> visited, ref int count)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value is Type || value is Delegate || !visited.Add(value))
        {
            return;
        }

        var type = value.GetType();
        if (value is Exception exception)
        {
            for (Exception? e = exception; e is not null; e = e.InnerException)
            {
                AssertHidden($"{type.Name} message", e.Message);
            }
        }

        if (Library.Contains(type.Assembly))
        {
            count++;
            seen.Add(type.IsGenericType ? type.GetGenericTypeDefinition() : type);
            seen.Add(type);
            foreach (var contract in type.GetInterfaces().Concat(BaseTypes(type)))
            {
                seen.Add(contract);
            }

            AssertHidden($"{type.Name}.ToString()", value.ToString() ?? string.Empty);
        }

        if (value is IEnumerable items and not DataMap and not IConfiguration)
        {
            foreach (var item in items)
            {
                Walk(item, seen, visited, ref count);
            }
        }

        if (!Library.Contains(type.Assembly) && !type.IsGenericType)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && !p.PropertyType.IsByRefLike))
        {
            object? child;
            try
            {
                child = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            Walk(child, seen, visited, ref count);
        }
    }

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, string input)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await ToolApp.RunAsync([.. args, "-f", "-"], new ToolContext(output, error, () => new MemoryStream(Encoding.UTF8.GetBytes(input))), CancellationToken.None);
        _checked.Add(string.Join(' ', args));
        return (exit, output.ToString(), error.ToString());
    }
}
