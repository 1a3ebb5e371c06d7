namespace SecretProjection.Tool.Cli;

/// <summary>Each verb's help: what it does and reads, one or two examples, and its exit codes.</summary>
internal static class VerbHelp
{
    private const string InputExit = "2 bad usage or unreadable input (one line per problem on standard error; nothing written)";

    public const string Validate = $"""
        Validate Secrets, ConfigMaps, Pods and workloads' pod templates as the API server does.

        Reads: the -f files, directories (with -R their subdirectories) or standard input (-f -): every Secret,
        ConfigMap, Pod and workload (Deployment, StatefulSet, CronJob, ...). An input that cannot be read is reported
        and the others are validated.

        Examples:
          secretprojection validate -f manifests/ -R
          kubectl create secret generic db --from-literal=password=x --dry-run=client -o yaml | secretprojection validate -f -

        Exit codes: 0 every object is valid; 1 an object is invalid; {InputExit}.
        """;

    public const string Env = $"""
        Resolve each container's environment as the kubelet does at container start. Values are hidden unless --reveal.

        Reads: one pod or workload (the input's only one, or --pod [KIND/]NAME) and the Secrets and ConfigMaps of the input.

        Examples:
          secretprojection env -f pod.yaml -f secrets.yaml
          secretprojection env -f manifests/ --pod deployment/web --container app -o json

        Exit codes: 0 every container can start; 1 a container cannot start (CreateContainerConfigError); {InputExit}.
        """;

    public const string Plan = $"""
        Plan the pod's secret, configMap, downwardAPI and projected volumes and their mounts, as the kubelet would set them up.

        Reads: one pod or workload (the input's only one, or --pod [KIND/]NAME), the Secrets and ConfigMaps of the input,
        and its Node and ClusterTrustBundles if it holds them.

        Examples:
          secretprojection plan -f pod.yaml -f secrets.yaml
          secretprojection plan -f manifests/ --pod statefulset/db -o yaml

        Exit codes: 0 every volume can be set up; 1 a volume cannot (FailedMount, or a spec the API server refuses); {InputExit}.
        """;

    public const string PullAuth = $"""
        Show the registry credentials the kubelet would use to pull the pod's images. Passwords and user names only with --reveal.

        Reads: one pod or workload (the input's only one, or --pod [KIND/]NAME), its pull secrets among the input's
        Secrets, and its ServiceAccount if the input holds it.

        Examples:
          secretprojection pull-auth -f pod.yaml -f pull-secrets.yaml
          secretprojection pull-auth -f manifests/ --image registry.example.com/shop/web:2.1

        Exit codes: 0 every image can be pulled as far as credentials go; 1 an image cannot (an unreadable pull secret, an invalid image name); {InputExit}.
        """;

    public const string Project = $"""
        Write the pod's secret, configMap, downwardAPI and projected volumes into DIR/<volume>/ as the kubelet does, atomically.

        Reads: one pod or workload (the input's only one, or --pod [KIND/]NAME), the Secrets and ConfigMaps of the input,
        and its Node and ClusterTrustBundles if it holds them. Writes only under --root.

        Examples:
          secretprojection project -f pod.yaml -f secrets.yaml --root out
          sudo secretprojection project -f manifests/ --pod deploy/web --root /var/lib/app/volumes --tmpfs

        Exit codes: 0 every volume written or unchanged; 1 a volume failed and kept its contents; {InputExit}.
        """;

    public const string Sync = """
        Project the pod's secret, configMap, downwardAPI and projected volumes from an API server and keep them in step
        until Ctrl-C or SIGTERM; service account tokens are requested and renewed as the kubelet does, and a change of
        the pod's labels or annotations rewrites its downwardAPI files.

        Reads: the pod, its Secrets and ConfigMaps from the cluster, found as kubectl finds it (--kubeconfig, else
        $KUBECONFIG, else ~/.kube/config, else the pod's service account in a cluster). Writes only under --root.

        Examples:
          secretprojection sync --pod web -n shop --root out
          secretprojection sync --kubeconfig kubeconfig --context kind-dev --pod web --root out --strategy ttl --ttl 30s -o json

        Exit codes: 0 stopped by Ctrl-C or SIGTERM, or the pod was deleted (the volumes stay); 2 bad usage, no usable
        kubeconfig, no such pod, or no API server at the start (nothing written).
        """;

    public const string Agent = """
        Keep the secret, configMap, downwardAPI and projected volumes of every pod of a node in the kubelet's layout,
        DIR/pods/<pod uid>/volumes/kubernetes.io~<plugin>/<volume>/, until Ctrl-C or SIGTERM; the volumes of a pod that
        is deleted or ends are removed, and so are those of uids under DIR/pods that are not live pods of the node.

        Reads: the node's pods (a list and a watch of spec.nodeName=NODE in all namespaces) and the Secrets and
        ConfigMaps they name, from the cluster, found as kubectl finds it (--kubeconfig, else $KUBECONFIG, else
        ~/.kube/config, else the pod's service account in a cluster). Writes only under --root.

        Examples:
          secretprojection agent --node node-1 --root out --health-port 8081
          sudo secretprojection agent --kubeconfig kubeconfig --context kind-dev --node kind-worker --root /var/lib/secretprojection --tmpfs -o json

        Exit codes: 0 stopped by Ctrl-C or SIGTERM (the volumes stay); 1 the agent failed on its own (the volumes stay);
        2 bad usage or options, no usable kubeconfig or cluster, a root that cannot be made, a health port in use.
        """;

    public const string Check = $"""
        Check whether pods and workloads would start with these Secrets: every container's environment, every volume
        and mount, and the pull secrets, with the kubelet's rules and messages.

        Reads: every Pod and workload of the input, and the input's Secrets, ConfigMaps, ServiceAccounts, Nodes and
        ClusterTrustBundles; with --cluster, the Secrets, ConfigMaps and ServiceAccounts the pods name are read from the
        cluster instead, each by name (get, never list).

        Examples:
          secretprojection check -f manifests/ -R
          helm template my-app ./chart | secretprojection check -f - --cluster -o json

        Exit codes: 0 every pod can start (warnings allowed); 1 one cannot (an error: CreateContainerConfigError,
        FailedMount, a spec the API server refuses, an image that cannot be pulled); {InputExit}.
        """;

    public const string Completion = """
        Print a shell completion script for bash, zsh or PowerShell; it asks secretprojection itself (System.CommandLine's
        [suggest] directive) for the verbs, options and values to complete.

        Examples:
          source <(secretprojection completion bash)                  # in ~/.bashrc
          secretprojection completion zsh > "${fpath[1]}/_secretprojection"
          secretprojection completion powershell | Out-String | Invoke-Expression   # in $PROFILE

        Exit codes: 0 printed; 2 bad usage.
        """;
}
