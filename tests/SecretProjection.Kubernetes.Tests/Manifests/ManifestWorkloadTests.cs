using System.Text.Json;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.TestSupport;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>Workloads: the pod template of each kind reads as the pod it stands for, named after the workload.</summary>
public class ManifestWorkloadTests
{
    /// <summary>A pod spec with something of everything the model reads, indented for a template at two levels.</summary>
    private const string Spec = """
        securityContext: {fsGroup: 2000, runAsUser: 1000}
        serviceAccountName: builder
        imagePullSecrets: [{name: registry}]
        initContainers:
        - name: migrate
          image: registry.example.com/migrate:1
          envFrom: [{secretRef: {name: api-keys}, prefix: KEYS_}]
        containers:
        - name: app
          image: registry.example.com/app:2
          env:
          - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
          - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
          volumeMounts: [{name: db, mountPath: /etc/db, readOnly: true}, {name: all, mountPath: /etc/all/x, subPath: x}]
        volumes:
        - name: db
          secret: {secretName: db, defaultMode: 0400, items: [{key: password, path: auth/password, mode: 0440}]}
        - name: all
          projected:
            sources: [{secret: {name: api-keys}}, {configMap: {name: app-config, optional: true}}]
        - name: scratch
          emptyDir: {}
        """;

    public static TheoryData<string, string, string> Kinds => WorkloadManifests.Kinds;

    private static string Workload(string apiVersion, string kind, string spec = Spec) => WorkloadManifests.Workload(apiVersion, kind, spec);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_workload_reads_as_the_pod_of_its_template_named_after_it(string apiVersion, string kind, string templatePath)
    {
        var pod = Assert.Single(ManifestReader.Read($"apiVersion: v1\nkind: Pod\nmetadata: {{name: web, namespace: shop}}\nspec:\n{Indent(Spec, 2)}", "pod.yaml").Objects);

        var workload = Assert.Single(ManifestReader.Read(Workload(apiVersion, kind), "workload.yaml").Objects);

        Assert.Equal(kind, workload.Kind);
        Assert.Equal("shop/web", workload.QualifiedName);
        Assert.Equal(templatePath, workload.PodTemplatePath);
        Assert.Empty(workload.Warnings);
        Assert.Null(pod.PodTemplatePath);
        Assert.Equal(JsonSerializer.Serialize(pod.Model), JsonSerializer.Serialize(workload.Model));
        Assert.Equal("emptyDir", Assert.IsType<Pod>(workload.Model).Volumes[2].OtherKind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_field_of_the_pod_is_a_field_of_the_template(string apiVersion, string kind, string templatePath)
    {
        var workload = Assert.Single(ManifestReader.Read(Workload(apiVersion, kind), "workload.yaml").Objects);

        Assert.Equal(templatePath + ".spec.volumes[0].secret.items[0].path", workload.FieldOfPod("spec.volumes[0].secret.items[0].path"));
        Assert.Equal("metadata.name", workload.FieldOfPod("metadata.name"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_unknown_field_of_the_template_is_reported_at_its_path(string apiVersion, string kind, string templatePath)
    {
        var workload = Assert.Single(ManifestReader.Read(Workload(apiVersion, kind, "containers: [{name: app, imgae: x}]\n"), "workload.yaml").Objects);

        var warning = Assert.Single(workload.Warnings);
        Assert.Equal(templatePath + ".spec.containers[0].imgae", warning.Field);
        Assert.Equal($"unknown field \"{templatePath}.spec.containers[0].imgae\"", warning.Message);
    }

    [Fact]
    public void A_workload_without_a_template_is_a_pod_without_containers()
    {
        var pod = Assert.IsType<Pod>(Assert.Single(ManifestReader.Read("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n", "d.yaml").Objects).Model);

        Assert.Equal("default/d", pod.QualifiedName);
        Assert.Empty(pod.Containers);
    }

    private static string Indent(string text, int spaces) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => new string(' ', spaces) + l + "\n"));
}
