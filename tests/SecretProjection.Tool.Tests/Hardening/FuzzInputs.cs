using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SecretProjection.Model;
using SecretProjection.Validation;
using SecretProjection.Writing;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// Generators for the fuzz properties: objects and pods drawn from small pools that mix the ordinary with the
/// hostile (names, keys, paths, modes, references, values), payloads with hostile paths, and manifest text
/// made from a seed with those pools and then mutated character by character.
/// </summary>
internal static class FuzzInputs
{
    // Each pool: what a real cluster holds, then the hostile; the ordinary is drawn four times as often, so that
    // most inputs get past the first rule and reach the later stages.
    private static readonly Gen<string> Names = Pick(["s", "db", "cm", "pull"], ["missing", "", "..", "a/b", "UPPER", new string('n', 300)]);

    private static readonly Gen<string> Keys = Pick(
        ["a", "b", "c.txt", ".hidden", "tls.crt", "username", ".dockerconfigjson"],
        ["..dot", "bad key", "k/sub", "", "x\0", "é", new string('k', 254), new string('k', 256)]);

    private static readonly Gen<string> Paths = Pick(
        ["p", "d/p", "d/e/f", "./p", "p//q", "d"],
        ["..", "../x", "/abs", "..x", "a/../../b", "", "x\0y", "a\nb\u001b[31m", new string('n', 256), string.Join('/', Enumerable.Repeat("p", 2049)), "..data", "d/../d/p"]);

    private static readonly Gen<int?> Modes = Pick<int?>([null, 0x1A4, 0x100, 0x1FF], [0, -1, 0x200, 0xFFF]);

    private static readonly Gen<long?> Users = Pick<long?>([null, 1000], [0, -1]);

    private static readonly Gen<byte[]> Values = Pick(
        [[], "v"u8.ToArray(), "$(A)"u8.ToArray(), "x$$y"u8.ToArray(), """{"auths":{"registry.example.com":{"auth":"dTpw"}}}"""u8.ToArray()],
        [[0xFF, 0xFE, 0x00], Encoding.UTF8.GetBytes(new string('x', 1000)), """{"auths":{"x":{"auth":"bm9jb2xvbg=="}}}"""u8.ToArray(), "{not json"u8.ToArray()]);

    private static readonly Gen<string> SecretTypeNames = Pick(
        [SecretTypes.Opaque, "kubernetes.io/dockerconfigjson"],
        ["kubernetes.io/tls", "kubernetes.io/dockercfg", "kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/service-account-token", "example.com/custom", string.Empty]);

    private static readonly Gen<string> VolumeNames = Pick(["v0", "v1", "v2"], ["BAD_NAME", string.Empty]);
    private static readonly Gen<string> ContainerNames = Pick(["c", "d"], ["BAD_NAME", string.Empty]);
    private static readonly Gen<string> EnvNames = Pick(["A", "B", "KEY_"], ["1bad", "a.b", string.Empty, "X Y"]);
    private static readonly Gen<string> EnvValues = Pick([string.Empty, "lit", "$(A)", "$(B)x"], ["$$(A)", "$(", "$(A)$(A)"]);
    private static readonly Gen<string> FieldPaths = Pick(["metadata.name", "metadata.namespace", "metadata.uid", "spec.serviceAccountName"], ["spec.nodeName", "bogus"]);
    private static readonly Gen<string> Images = Pick(["nginx", "registry.example.com/a/b:1", "localhost:5000/x@sha256:" + new string('a', 64)], ["UPPER/x", string.Empty, "a b", "registry.example.com:99999/x"]);
    private static readonly Gen<string> MountPaths = Pick(["/m", "/m2"], ["rel", string.Empty]);
    private static readonly Gen<string> SubPaths = Pick([string.Empty, "p"], ["../x", "missing"]);
    private static readonly Gen<bool> Booleans = Gen.Elements(true, false);

    /// <summary>One generated input: a pod and the objects it may reference.</summary>
    public sealed record Scenario(Pod Pod, Secret[] Secrets, ConfigMap[] ConfigMaps, ServiceAccount? Account, EnvVarNameMode EnvVarNames = EnvVarNameMode.Relaxed)
    {
        public override string ToString() => $"{Pod} with {Secrets.Length} secrets, {ConfigMaps.Length} configMaps";
    }

    public static Gen<Scenario> Scenarios { get; } =
        from pod in Pods()
        from secrets in Upto(4, Secrets())
        from configMaps in Upto(2, ConfigMaps())
        from account in OrNone(from pulls in Upto(2, Names) select new ServiceAccount { Name = "default", ImagePullSecrets = pulls })
        from envVarNames in Gen.Elements(EnvVarNameMode.Relaxed, EnvVarNameMode.Strict)
        select new Scenario(pod, secrets, configMaps, account, envVarNames);

    /// <summary>Payloads whose paths mix the pools with arbitrary short strings.</summary>
    public static Gen<VolumePayload> Payloads { get; } =
        from files in Upto(5, Gen.Zip(Gen.OneOf(Paths, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)), Values, (path, data) => KeyValuePair.Create(path, new PayloadFile(data, 0x1A4))))
        select new VolumePayload(files);

    /// <summary>
    /// Manifest text: a pod with two Secrets and a ConfigMap, or the objects alone, in YAML (or a JSON List), whose
    /// names, keys, paths, modes and values come from the pools; half of them then get up to three random edits
    /// with YAML-significant characters. (Reading a Pod costs milliseconds, the objects alone a tenth of that.)
    /// </summary>
    public static Gen<string> Manifests { get; } =
        from text in Gen.Frequency((3, PodSeed().SelectMany(pod => ObjectsSeed().Select(objects => pod + objects))), (5, ObjectsSeed()), (1, JsonSeed()))
        from edits in Gen.Frequency((1, Gen.Constant(Array.Empty<Func<string, string>>())), (1, Upto(3, Edit())))
        select edits.Aggregate(text, (manifest, edit) => edit(manifest));

    private static Gen<Pod> Pods() =>
        from containers in Upto(2, Containers())
        from init in Upto(1, Containers())
        from ephemeral in Upto(1, Containers())
        from volumes in Upto(3, Volumes())
        from fsGroup in Gen.Elements<long?>(null, 2000)
        from runAsUser in Gen.Elements<long?>(null, 0, 1000)
        from pulls in Upto(2, Names)
        from account in Gen.Elements("default", "other", string.Empty)
        select new Pod
        {
            Name = "p",
            Containers = containers,
            InitContainers = init,
            EphemeralContainers = ephemeral,
            Volumes = volumes,
            SecurityContext = new PodSecurityContext { FsGroup = fsGroup, RunAsUser = runAsUser },
            ImagePullSecrets = pulls,
            ServiceAccountName = account,
        };

    private static Gen<Container> Containers() =>
        from name in ContainerNames
        from image in Images
        from env in Upto(4, EnvVars())
        from envFrom in Upto(2, EnvFroms())
        from mounts in Upto(2, Mounts())
        select new Container { Name = name, Image = image, Env = env, EnvFrom = envFrom, VolumeMounts = mounts };

    private static Gen<EnvVar> EnvVars() =>
        from name in EnvNames
        from value in EnvValues
        from source in OrNone(Gen.OneOf(
            Selectors().Select(s => new EnvVarSource { SecretKeyRef = s }),
            Selectors().Select(s => new EnvVarSource { ConfigMapKeyRef = s }),
            FieldPaths.Select(f => new EnvVarSource { FieldPath = f }),
            Gen.Constant(new EnvVarSource { UnsupportedKind = "resourceFieldRef" })))
        select new EnvVar { Name = name, Value = value, ValueFrom = source };

    private static Gen<KeySelector> Selectors() =>
        from name in Names
        from key in Keys
        from optional in Booleans
        select new KeySelector(name, key, optional);

    private static Gen<EnvFromSource> EnvFroms() =>
        from prefix in Gen.Elements(string.Empty, "P_", "1", "a.")
        from selector in Gen.Zip(Names, Booleans, (n, o) => new ObjectSelector(n, o))
        from secret in Booleans
        select secret ? new EnvFromSource { Prefix = prefix, SecretRef = selector } : new EnvFromSource { Prefix = prefix, ConfigMapRef = selector };

    private static Gen<VolumeMount> Mounts() =>
        from name in VolumeNames
        from path in MountPaths
        from subPath in SubPaths
        select new VolumeMount { Name = name, MountPath = path, SubPath = subPath };

    private static Gen<Volume> Volumes() =>
        from name in VolumeNames
        from kind in Gen.Choose(0, 3)
        from source in Names
        from items in Upto(3, Items())
        from defaultMode in Modes
        from defaultUser in Users
        from optional in Booleans
        from projections in Upto(3, Projections())
        select kind switch
        {
            0 => new Volume { Name = name, Secret = new SecretVolumeSource { SecretName = source, Items = items, DefaultMode = defaultMode, DefaultUser = defaultUser, Optional = optional } },
            1 => new Volume { Name = name, ConfigMap = new ConfigMapVolumeSource { Name = source, Items = items, DefaultMode = defaultMode, Optional = optional } },
            2 => new Volume { Name = name, Projected = new ProjectedVolumeSource { Sources = projections, DefaultMode = defaultMode, DefaultUser = defaultUser } },
            _ => new Volume { Name = name, OtherKind = "emptyDir" },
        };

    private static Gen<VolumeProjection> Projections() =>
        from name in Names
        from items in Upto(2, Items())
        from optional in Booleans
        from kind in Gen.Choose(0, 2)
        select kind switch
        {
            0 => new VolumeProjection { Secret = new ProjectedObject { Name = name, Items = items, Optional = optional } },
            1 => new VolumeProjection { ConfigMap = new ProjectedObject { Name = name, Items = items, Optional = optional } },
            _ => new VolumeProjection { UnsupportedKind = "serviceAccountToken" },
        };

    private static Gen<KeyToPath> Items() =>
        from key in Keys
        from path in Paths
        from mode in Modes
        from user in Users
        select new KeyToPath { Key = key, Path = path, Mode = mode, User = user };

    private static Gen<Secret> Secrets() =>
        from name in Names
        from type in SecretTypeNames
        from data in Upto(4, Gen.Zip(Keys, Values, KeyValuePair.Create))
        from immutable in Booleans
        select new Secret { Name = name, Type = type, Data = DataMap.Create(data), Immutable = immutable };

    private static Gen<ConfigMap> ConfigMaps() =>
        from name in Names
        from data in Upto(3, Gen.Zip(Keys, EnvValues, KeyValuePair.Create))
        from binary in Upto(2, Gen.Zip(Keys, Values, KeyValuePair.Create))
        select new ConfigMap { Name = name, Data = data.DistinctBy(d => d.Key).ToDictionary(), BinaryData = DataMap.Create(binary) };

    private static Gen<string> PodSeed() =>
        from names in Gen.ArrayOf(Names, 3)
        from keys in Gen.ArrayOf(Keys, 2)
        from paths in Gen.ArrayOf(Paths, 2)
        from mode in Modes
        from fsGroup in Gen.Elements("2000", "-1", "x", "0o777")
        select $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: ns}
            spec:
              securityContext: {fsGroup: {{fsGroup}}}
              imagePullSecrets: [{name: {{Q(names[2])}}}]
              containers:
              - name: c
                image: registry.example.com/a/b:1
                env:
                - name: A
                  valueFrom:
                    secretKeyRef: {name: {{Q(names[0])}}, key: {{Q(keys[0])}}}
                - {name: B, value: "$(A)-x"}
                envFrom:
                - prefix: P_
                  secretRef: {name: {{Q(names[1])}}, optional: true}
                volumeMounts: [{name: v, mountPath: /m, subPath: {{Q(paths[1])}}}]
              volumes:
              - name: v
                secret: {secretName: {{Q(names[0])}}, defaultMode: {{mode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0400"}}, items: [{key: {{Q(keys[0])}}, path: {{Q(paths[0])}}}]}
              - name: w
                projected:
                  sources:
                  - secret: {name: {{Q(names[1])}}, items: [{key: {{Q(keys[1])}}, path: {{Q(paths[1])}}}]}
                  - configMap: {name: cm}

            """;

    private static Gen<string> ObjectsSeed() =>
        from names in Gen.ArrayOf(Names, 2)
        from keys in Gen.ArrayOf(Keys, 3)
        from values in Gen.ArrayOf(Values, 2)
        select $$"""
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: {{Q(names[0])}}, namespace: ns}
            type: kubernetes.io/dockerconfigjson
            data: {{{Q(keys[0])}}: {{Convert.ToBase64String(values[0])}}, .dockerconfigjson: {{Convert.ToBase64String(values[1])}}}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: {{Q(names[1])}}, namespace: ns}
            stringData: {{{Q(keys[1])}}: "secret value", {{Q(keys[2])}}: other}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm, namespace: ns}
            data: {{{Q(keys[2])}}: "$(A)"}
            binaryData: {bin: AAE=}
            """;

    private static Gen<string> JsonSeed() =>
        from name in Names
        from key in Keys
        from value in Values
        select $$$"""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret","metadata":{"name":{{{Q(name)}}}},"data":{{{{Q(key)}}}:"{{{Convert.ToBase64String(value)}}}"}}]}""";

    /// <summary>A random edit: cut up to 12 characters somewhere and insert a YAML-significant token.</summary>
    private static Gen<Func<string, string>> Edit() =>
        from at in Gen.Choose(0, 4000)
        from cut in Gen.Choose(0, 12)
        from insert in Gen.Elements(":", "-", "{", "}", "[", "]", "'", "\"", "\n", "  ", "---\n", "&a ", "*a", "!!binary ", "#", "\t", "\0", "?", "|", ">", "%", "@", "null", "0o777", "-1", "99999999999999999999", "\\u0000", "..", "/")
        select (Func<string, string>)(text =>
        {
            var position = at % (text.Length + 1);
            return text.Remove(position, Math.Min(cut, text.Length - position)).Insert(position, insert);
        });

    /// <summary>A string as a JSON (and so YAML) double-quoted scalar.</summary>
    private static string Q(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static Gen<T> Pick<T>(T[] ordinary, T[] hostile) => Gen.Frequency((4, Gen.Elements(ordinary)), (1, Gen.Elements(hostile)));

    private static Gen<T[]> Upto<T>(int max, Gen<T> gen) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(gen, n));

    private static Gen<T?> OrNone<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(x => (T?)x)));
}
