using SecretProjection.Environment;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Tool.Input;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// <c>check</c>'s results, made while the input is read, so that each pod is dropped once it is checked instead of
/// every pod being held to the end. A pod or workload is checked as soon as the input read so far holds every Secret
/// and ConfigMap it names: tried at the end of each input file, and whenever the pods waiting have doubled; one that
/// missed some is tried again once they are all there, else at the end. What each check saw is kept (the objects it
/// found, its ServiceAccount, its Node, how many ClusterTrustBundles there were); once the whole input is read, a
/// result stands only if the whole input gives the same. If not (an object given twice, a second Node, a bundle
/// read later), the pod is read again from its file and checked again, so the results are those of checking against
/// the whole input. Pods from standard input, which cannot be read twice, wait to the end.
/// </summary>
/// <param name="input">The input, to read a pod again.</param>
/// <param name="objects">Where references are looked up (the cluster's), or null for the input's own.</param>
/// <param name="serviceAccountOf">The ServiceAccount of a namespace and name, or null.</param>
/// <param name="options">How environments are resolved.</param>
internal sealed class WorkloadChecks(ManifestInput input, IObjectLookup? objects, Func<LoadedInput, string, string, ServiceAccount?> serviceAccountOf, EnvResolverOptions options)
{
    /// <summary>How many pods may wait before the first try that is not at the end of an input.</summary>
    private const int FirstTry = 64;

    private readonly List<Result?> _results = [];
    private readonly List<int> _waiting = [];
    private readonly Dictionary<int, List<(bool IsSecret, string Namespace, string Name)>> _missing = [];
    private string? _source;
    private int _waitingAfterTry;

    /// <summary>Called as each object is held (<see cref="LoadedInput.Load"/>).</summary>
    public void Read(LoadedInput loaded, ManifestObject item)
    {
        if (item.Source != _source)
        {
            if (_source is not null)
            {
                TryWaiting(loaded);
            }

            _source = item.Source;
        }

        if (item.Model is Pod)
        {
            _results.Add(null);
            _waiting.Add(loaded.Workloads.Count - 1);
            if (_waiting.Count >= Math.Max(FirstTry, 2 * _waitingAfterTry))
            {
                TryWaiting(loaded);
            }
        }
    }

    /// <summary>
    /// Every pod and workload with its problems, in input order, once the whole input is read: the results made
    /// early that still stand, the others checked now.
    /// </summary>
    public IEnumerable<(ManifestObject Item, List<CheckProblem> Problems)> Results(LoadedInput loaded)
    {
        for (var i = 0; i < loaded.Workloads.Count; i++)
        {
            var item = loaded.Workloads[i];
            if (_results.Count > i && _results[i] is { } result && Stands(loaded, result))
            {
                yield return (item, result.Problems);
                continue;
            }

            var current = item.Model is null ? input.ReadAgain(item) : item;
            loaded.Release(i);
            yield return (item, Check(loaded, current, new Recorder(objects ?? loaded.Objects)).Problems);
        }
    }

    private void TryWaiting(LoadedInput loaded)
    {
        var lookup = objects ?? loaded.Objects;
        _waiting.RemoveAll(i =>
        {
            var item = loaded.Workloads[i];
            if (!input.CanReadAgain(item)
                || (_missing.TryGetValue(i, out var missing) && !missing.TrueForAll(m => m.IsSecret ? lookup.GetSecret(m.Namespace, m.Name).Status == LookupStatus.Found : lookup.GetConfigMap(m.Namespace, m.Name).Status == LookupStatus.Found)))
            {
                return false;
            }

            var recorder = new Recorder(lookup);
            var result = Check(loaded, item, recorder);
            if (recorder.Missing.Count > 0)
            {
                _missing[i] = recorder.Missing;
                return false;
            }

            _missing.Remove(i);
            _results[i] = result;
            loaded.Release(i);
            return true;
        });
        _waitingAfterTry = _waiting.Count;
    }

    private Result Check(LoadedInput loaded, ManifestObject item, Recorder recorder)
    {
        var pod = (Pod)item.Model!;
        var account = serviceAccountOf(loaded, pod.Namespace, pod.ServiceAccountName);
        var problems = CheckCommand.Check(item, loaded.LookupFor(pod, recorder), account, options);
        return new Result(problems, [.. recorder.Found], pod.Namespace, pod.ServiceAccountName, account, pod.NodeName, loaded.NodeFor(pod.NodeName), loaded.TrustBundleCount);
    }

    /// <summary>Whether the whole input gives what the check saw.</summary>
    private bool Stands(LoadedInput loaded, Result result)
    {
        var lookup = objects ?? loaded.Objects;
        return result.Found.All(found => found switch
            {
                Secret s => ReferenceEquals(lookup.GetSecret(s.Namespace, s.Name).Value, s),
                ConfigMap c => ReferenceEquals(lookup.GetConfigMap(c.Namespace, c.Name).Value, c),
                _ => false,
            })
            && ReferenceEquals(serviceAccountOf(loaded, result.Namespace, result.ServiceAccountName), result.Account)
            && ReferenceEquals(loaded.NodeFor(result.NodeName), result.Node)
            && loaded.TrustBundleCount == result.TrustBundles;
    }

    /// <summary>A check's problems and what it saw of the input.</summary>
    private sealed record Result(List<CheckProblem> Problems, object[] Found, string Namespace, string ServiceAccountName, ServiceAccount? Account, string NodeName, Node? Node, int TrustBundles);

    /// <summary>A lookup that notes each object found and each one that was not.</summary>
    private sealed class Recorder(IObjectLookup inner) : IObjectLookup
    {
        public List<object> Found { get; } = [];

        public List<(bool IsSecret, string Namespace, string Name)> Missing { get; } = [];

        public LookupResult<Secret> GetSecret(string @namespace, string name) => Note(inner.GetSecret(@namespace, name), true, @namespace, name);

        public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) => Note(inner.GetConfigMap(@namespace, name), false, @namespace, name);

        private LookupResult<T> Note<T>(LookupResult<T> result, bool isSecret, string @namespace, string name)
            where T : class
        {
            if (result is { Status: LookupStatus.Found, Value: { } value })
            {
                Found.Add(value);
            }
            else
            {
                Missing.Add((isSecret, @namespace, name));
            }

            return result;
        }
    }
}
