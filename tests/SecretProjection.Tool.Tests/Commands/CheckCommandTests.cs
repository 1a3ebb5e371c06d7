using System.Runtime.Versioning;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretProjection.Model;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.TestSupport;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Commands;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>
/// The built tool's <c>check</c> verb run as a process: the bundled application, each kind of problem and its severity,
/// the exit codes, JSON and YAML, and <c>--cluster</c> against a loopback API server found through <c>$KUBECONFIG</c>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CheckCommandTests : IAsyncLifetime
{
    private const string Db = """
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        data: {password: cDQ1NQ==, "1-bad-name": eA==}

        """;

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-check-").FullName;
    private readonly LoopbackApiServer _server = LoopbackApiServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_sample_application_has_one_broken_reference_said_in_peoples_words_and_exits_1()
    {
        var result = Run("check", "-f", ToolProcess.Sample("manifests/app/"));

        Assert.Equal((ExitCodes.Failed, string.Empty), (result.ExitCode, result.Stderr));
        Assert.Contains("CronJob shop/report (", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("couldn't find key api-token in Secret shop/report-credentials", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"CronJob\s+shop/report\s+cannot start: 1 error", result.Stdout);
        Assert.Matches(@"Deployment\s+shop/web\s+ok, 1 warning", result.Stdout);
        Assert.Matches(@"StatefulSet\s+shop/db\s+ok\n", result.Stdout);
        Assert.EndsWith("3 pods and workloads checked: 1 cannot start.\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lists_each_workload_with_its_problems_in_the_issues_shape()
    {
        var result = Run("check", "-f", ToolProcess.Sample("manifests/app/"), "-o", "json");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        var workloads = json["workloads"]!.AsArray();
        Assert.Equal(["StatefulSet shop/db", "CronJob shop/report", "Deployment shop/web"], workloads.Select(w => w!["kind"] + " " + w["name"]));
        var broken = workloads[1]!["problems"]!.AsArray().Single()!;
        Assert.Equal(
            """{"severity":"error","reason":"CreateContainerConfigError","container":"report","volume":null,"message":"couldn't find key api-token in Secret shop/report-credentials","from":"kubelet","field":"spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef"}""",
            broken.ToJsonString(Unescaped));
        var subPath = workloads[2]!["problems"]!.AsArray().Single()!;
        Assert.Equal(("warning", CheckCommand.SubPathNotUpdated, "nginx"), (subPath["severity"]!.GetValue<string>(), subPath["reason"]!.GetValue<string>(), subPath["volume"]!.GetValue<string>()));
        Assert.Equal("""{"workloads":3,"cannotStart":1,"errors":1,"warnings":1}""", json["summary"]!.ToJsonString());
    }

    [Fact]
    public void Yaml_in_any_case_is_the_json_document_as_yaml()
    {
        var json = Run("check", "-f", ToolProcess.Sample("manifests/app/"), "-o", "json");
        var yaml = Run("check", "-f", ToolProcess.Sample("manifests/app/"), "-o", "YAML");

        Assert.Equal((ExitCodes.Failed, string.Empty), (yaml.ExitCode, yaml.Stderr));
        Assert.StartsWith("workloads:\n- kind: StatefulSet\n  name: shop/db\n", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("  - severity: error\n    reason: CreateContainerConfigError\n    container: report\n    volume: null\n", yaml.Stdout, StringComparison.Ordinal);
        Assert.Equal(JsonNode.Parse(json.Stdout)!["workloads"]!.AsArray().Count, yaml.Stdout.Split('\n').Count(l => l.StartsWith("- kind: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Warnings_alone_exit_0_and_references_the_kubelet_would_pass_over_are_notes_of_this_tools_own()
    {
        var input = Write("pod.yaml", Db + """
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop}
            spec:
              imagePullSecrets: [{name: registry}]
              containers:
              - name: app
                image: app
                envFrom: [{secretRef: {name: db}}]
                env:
                - name: OPTIONAL
                  valueFrom: {secretKeyRef: {name: gone, key: k, optional: true}}

            """);

        var result = Run("check", "-f", input, "--env-names", "strict", "-o", "json");

        Assert.Equal((ExitCodes.Ok, string.Empty), (result.ExitCode, result.Stderr));
        var workload = JsonNode.Parse(result.Stdout)!["workloads"]!.AsArray().Single()!;
        Assert.Equal(
            [("warning", "FailedToRetrieveImagePullSecret", "kubelet"), ("warning", "InvalidEnvironmentVariableNames", "kubelet")],
            workload["problems"]!.AsArray().Select(p => (p!["severity"]!.GetValue<string>(), p["reason"]!.GetValue<string>(), p["from"]!.GetValue<string>())).OrderBy(p => p.Item2, StringComparer.Ordinal));
        Assert.Contains("1-bad-name", workload["problems"]!.ToJsonString(), StringComparison.Ordinal);
        var note = workload["notes"]!.AsArray().Single()!;
        Assert.Equal(("OptionalSecretNotFound", EventOrigin.Tool), (note["reason"]!.GetValue<string>(), note["from"]!.GetValue<string>()));
        Assert.Null(note["severity"]);

        var text = Run("check", "-f", input, "--env-names", "STRICT");
        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Matches(@"Pod\s+shop/web\s+ok, 2 warnings", text.Stdout);
        Assert.Matches(@"note\s+OptionalSecretNotFound\s+app\s+-\s+secretprojection\s", text.Stdout);
        Assert.Contains("Notes are not problems", text.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WorkloadManifests.Kinds), MemberType = typeof(WorkloadManifests))]
    public void Each_workload_kind_has_the_problems_of_the_equivalent_pod_at_its_templates_fields(string apiVersion, string kind, string templatePath)
    {
        const string Spec = """
            containers:
            - name: app
              image: app
              env: [{name: P, valueFrom: {secretKeyRef: {name: db, key: missing}}}]
              volumeMounts: [{name: creds, mountPath: /etc/creds}]
            volumes:
            - {name: creds, secret: {secretName: absent}}

            """;
        var pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n" + string.Concat(Spec.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));
        var input = Write(kind + ".yaml", Db + "---\n" + pod + "---\n" + WorkloadManifests.Workload(apiVersion, kind, Spec));

        var result = Run("check", "-f", input, "-o", "json");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var workloads = JsonNode.Parse(result.Stdout)!["workloads"]!.AsArray();
        var ofPod = workloads.Single(w => w!["kind"]!.GetValue<string>() == "Pod")!["problems"]!.AsArray();
        var ofWorkload = workloads.Single(w => w!["kind"]!.GetValue<string>() == kind)!;
        Assert.Equal("shop/web", ofWorkload["name"]!.GetValue<string>());
        Assert.Equal(["CreateContainerConfigError", "FailedMount"], ofPod.Select(p => p!["reason"]!.GetValue<string>()));
        foreach (var p in ofPod)
        {
            if (p!["field"] is { } field)
            {
                p["field"] = templatePath + "." + field.GetValue<string>();
            }
        }

        Assert.Equal(ofPod.ToJsonString(), ofWorkload["problems"]!.ToJsonString());
    }

    [Fact]
    public void Each_result_written_as_it_is_checked_is_what_the_whole_input_printed_in_input_order()
    {
        // Warnings, an error and a note; pods checked at the end of their own file, and one that waits for a later file.
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "app")).FullName;
        File.WriteAllText(Path.Combine(dir, "1-web.yaml"), """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  imagePullSecrets: [{name: registry}]
                  containers:
                  - name: web
                    image: nginx
                    env: [{name: P, valueFrom: {secretKeyRef: {name: db, key: password}}}]
                    volumeMounts: [{name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}]
                  volumes: [{name: conf, configMap: {name: nginx}}]
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: shop}
            data: {password: cDQ1NQ==}

            """);
        File.WriteAllText(Path.Combine(dir, "2-jobs.yaml"), """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report, namespace: shop}
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - name: report
                        image: report
                        env: [{name: T, valueFrom: {secretKeyRef: {name: report-credentials, key: api-token}}}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: shop}
            spec:
              containers:
              - name: debug
                image: busybox
                env: [{name: O, valueFrom: {secretKeyRef: {name: gone, key: k, optional: true}}}]

            """);
        File.WriteAllText(Path.Combine(dir, "3-objects.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: nginx, namespace: shop}
            data: {nginx.conf: "events {}"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: report-credentials, namespace: shop}
            data: {user: cg==}

            """);
        const string SubPath = "/etc/nginx/nginx.conf (subPath nginx.conf): subPath mounts never receive updates: the kubelet bind-mounts the file once, and the atomic writer's later swaps do not reach it (kubernetes/kubernetes#50345)";
        const string Pull = "Unable to retrieve some image pull secrets (registry); attempting to pull the image may not succeed.";

        var table = Run("check", "-f", dir);
        var json = Run("check", "-f", dir, "-o", "json");
        var yaml = Run("check", "-f", dir, "-o", "yaml");

        // As the tool printed them when it checked every pod after reading the whole input (commit b82b380).
        Assert.Equal((ExitCodes.Failed, ExitCodes.Failed, ExitCodes.Failed), (table.ExitCode, json.ExitCode, yaml.ExitCode));
        Assert.Equal($"""
            KIND         NAME          RESULT
            Deployment   shop/web      ok, 2 warnings
            CronJob      shop/report   cannot start: 1 error
            Pod          shop/debug    ok

            Deployment shop/web ({dir}/1-web.yaml:1)
            SEVERITY   REASON                            CONTAINER   VOLUME   FROM               MESSAGE
            warning    SubPathNotUpdated                 web         conf     secretprojection   {SubPath}
            warning    FailedToRetrieveImagePullSecret   -           -        kubelet            {Pull}

            CronJob shop/report ({dir}/2-jobs.yaml:1)
            SEVERITY   REASON                       CONTAINER   VOLUME   FROM      MESSAGE
            error      CreateContainerConfigError   report      -        kubelet   couldn't find key api-token in Secret shop/report-credentials

            Pod shop/debug ({dir}/2-jobs.yaml:16)
            SEVERITY   REASON                   CONTAINER   VOLUME   FROM               MESSAGE
            note       OptionalSecretNotFound   debug       -        secretprojection   skipping optional envvar "O": secret "gone" not found

            3 pods and workloads checked: 1 cannot start.
            Notes are not problems: what only a cluster can tell, and events this tool reports that a kubelet does not (FROM secretprojection).

            """, table.Stdout);
        Assert.Equal(
            $$$"""{"workloads":[{"kind":"Deployment","name":"shop/web","source":"{{{dir}}}/1-web.yaml:1","problems":[{"severity":"warning","reason":"SubPathNotUpdated","container":"web","volume":"conf","message":"{{{SubPath}}}","from":"secretprojection","field":null},{"severity":"warning","reason":"FailedToRetrieveImagePullSecret","container":null,"volume":null,"message":"{{{Pull}}}","from":"kubelet","field":null}],"notes":[]},{"kind":"CronJob","name":"shop/report","source":"{{{dir}}}/2-jobs.yaml:1","problems":[{"severity":"error","reason":"CreateContainerConfigError","container":"report","volume":null,"message":"couldn't find key api-token in Secret shop/report-credentials","from":"kubelet","field":"spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef"}],"notes":[]},{"kind":"Pod","name":"shop/debug","source":"{{{dir}}}/2-jobs.yaml:16","problems":[],"notes":[{"reason":"OptionalSecretNotFound","container":"debug","volume":null,"message":"skipping optional envvar \"O\": secret \"gone\" not found","from":"secretprojection","field":null}]}],"summary":{"workloads":3,"cannotStart":1,"errors":1,"warnings":2}}""",
            JsonNode.Parse(json.Stdout)!.ToJsonString(Unescaped));
        Assert.StartsWith("{\n  \"workloads\": [\n    {\n      \"kind\": \"Deployment\",\n", json.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("  \"summary\": {\n    \"workloads\": 3,\n    \"cannotStart\": 1,\n    \"errors\": 1,\n    \"warnings\": 2\n  }\n}\n", json.Stdout, StringComparison.Ordinal);
        Assert.Equal($"""
            workloads:
            - kind: Deployment
              name: shop/web
              source: {dir}/1-web.yaml:1
              problems:
              - severity: warning
                reason: SubPathNotUpdated
                container: web
                volume: conf
                message: "{SubPath}"
                from: secretprojection
                field: null
              - severity: warning
                reason: FailedToRetrieveImagePullSecret
                container: null
                volume: null
                message: {Pull}
                from: kubelet
                field: null
              notes: []
            - kind: CronJob
              name: shop/report
              source: {dir}/2-jobs.yaml:1
              problems:
              - severity: error
                reason: CreateContainerConfigError
                container: report
                volume: null
                message: couldn't find key api-token in Secret shop/report-credentials
                from: kubelet
                field: spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef
              notes: []
            - kind: Pod
              name: shop/debug
              source: {dir}/2-jobs.yaml:16
              problems: []
              notes:
              - reason: OptionalSecretNotFound
                container: debug
                volume: null
                message: 'skipping optional envvar "O": secret "gone" not found'
                from: secretprojection
                field: null
            summary:
              workloads: 3
              cannotStart: 1
              errors: 1
              warnings: 2

            """, yaml.Stdout);
    }

    [Fact]
    public void A_pod_checked_before_its_Secret_is_given_again_is_checked_against_the_last_one_given()
    {
        // The Deployment finds Secret s with key k in its own file, which a later file replaces with one without k, and
        // a later ServiceAccount names a pull secret: a result made from the first file alone would be "ok".
        var app = WorkloadManifests.Workload("apps/v1", "Deployment", "containers: [{name: c, image: x, env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]\n", "app", "default") + """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s}
            data: {k: eA==}

            """;
        var appFile = Write("a-app.yaml", app);
        var later = Write("b-later.yaml", """
            apiVersion: v1
            kind: Secret
            metadata: {name: s}
            data: {other: eA==}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default}
            imagePullSecrets: [{name: registry}]

            """);

        var fromFiles = Run("check", "-f", appFile, "-f", later, "-o", "json");
        var fromStandardInput = ToolProcess.Run(["check", "-f", "-", "-f", later, "-o", "json"], standardInput: app);

        foreach (var result in new[] { fromFiles, fromStandardInput })
        {
            Assert.Equal((ExitCodes.Failed, string.Empty), (result.ExitCode, result.Stderr));
            Assert.Equal(
                [("CreateContainerConfigError", "couldn't find key k in Secret default/s"), ("FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets (registry); attempting to pull the image may not succeed.")],
                JsonNode.Parse(result.Stdout)!["workloads"]![0]!["problems"]!.AsArray().Select(p => (p!["reason"]!.GetValue<string>(), p["message"]!.GetValue<string>())));
        }
    }

    [Fact]
    public void Cluster_reads_each_named_object_from_the_kubeconfig_list_with_an_anonymous_user_and_never_lists()
    {
        _server.State.PutSecret(new Secret { Name = "db", Namespace = "shop", Data = DataMap.FromStrings([KeyValuePair.Create("password", "p455")]) });
        var input = Write("web.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: app
                    env:
                    - {name: P, valueFrom: {secretKeyRef: {name: db, key: password}}}
                    - {name: U, valueFrom: {secretKeyRef: {name: db, key: user}}}

            """);

        // As kubectl merges $KUBECONFIG: a file that does not exist is skipped, the cluster and context come from one
        // file and the context's user, with no credentials (anonymous), from the next.
        var clusters = Write("clusters", _server.CreateKubeconfig("shop").Replace("    namespace: shop\n", "    namespace: shop\n    user: nobody\n", StringComparison.Ordinal));
        var users = Write("users", "apiVersion: v1\nkind: Config\nusers:\n- name: nobody\n  user: {}\n");
        var environment = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = string.Join(':', Path.Combine(_dir, "missing"), clusters, users),
            ["HOME"] = _dir,
        };

        var result = ToolProcess.Run(["check", "-f", input, "--cluster", "-o", "json"], standardInput: null, environment: environment);

        Assert.Equal((ExitCodes.Failed, string.Empty), (result.ExitCode, result.Stderr));
        var problem = JsonNode.Parse(result.Stdout)!["workloads"]![0]!["problems"]!.AsArray().Single()!;
        Assert.Equal("couldn't find key user in Secret shop/db", problem["message"]!.GetValue<string>());
        Assert.Contains(_server.State.Requests, r => r.Path == "/api/v1/namespaces/shop/secrets/db");
        Assert.All(_server.State.Requests, r => Assert.Equal(("GET", 6), (r.Method, r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length)));
        Assert.DoesNotContain("p455", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_options_without_cluster_and_a_missing_cluster_are_exit_2()
    {
        var input = ToolProcess.Sample("manifests/app/");

        var stray = Run("check", "-f", input, "--context", "dev");
        var none = ToolProcess.Run(["check", "-f", input, "--cluster"], standardInput: null, environment: new Dictionary<string, string?> { ["KUBECONFIG"] = null, ["HOME"] = _dir, ["KUBERNETES_SERVICE_HOST"] = null });

        Assert.Equal(ExitCodes.BadInput, stray.ExitCode);
        Assert.StartsWith("secretprojection: --kubeconfig and --context apply to --cluster only\nRun 'secretprojection check --help' for usage.", stray.Stderr, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.BadInput, string.Empty), (none.ExitCode, none.Stdout));
        Assert.Contains("no cluster to talk to", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_without_pods_or_workloads_is_exit_2()
    {
        var result = Run("check", "-f", Write("db.yaml", Db));

        Assert.Equal((ExitCodes.BadInput, string.Empty), (result.ExitCode, result.Stdout));
        Assert.Contains("no pod or workload in", result.Stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static ToolResult Run(params string[] args) => ToolProcess.Run(args);
}
