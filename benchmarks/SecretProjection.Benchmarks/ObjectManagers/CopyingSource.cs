using System.Runtime.CompilerServices;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// A source that answers with a deep copy of each Secret (its strings and bytes), as a client that deserializes
/// every answer does, so that what a manager keeps is its own and not shared with the in-memory source.
/// </summary>
internal sealed class CopyingSource(IObjectSource<Secret> inner) : IObjectSource<Secret>
{
    public static Secret Copy(Secret secret) => secret with
    {
        Name = new string(secret.Name),
        Namespace = new string(secret.Namespace),
        Type = new string(secret.Type),
        Uid = secret.Uid is null ? null : new string(secret.Uid),
        ResourceVersion = secret.ResourceVersion is null ? null : new string(secret.ResourceVersion),
        Data = DataMap.Create(secret.Data.Select(e => KeyValuePair.Create(new string(e.Key), e.Value.ToArray()))),
    };

    public async Task<LookupResult<Secret>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var result = await inner.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        return result.Value is { } value ? LookupResult<Secret>.Found(Copy(value)) : result;
    }

    public async Task<ObjectList<Secret>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var list = await inner.ListAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        return new ObjectList<Secret>(list.Item is null ? null : Copy(list.Item), new string(list.ResourceVersion));
    }

    public async IAsyncEnumerable<WatchEvent<Secret>> WatchAsync(string @namespace, string name, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var change in inner.WatchAsync(@namespace, name, resourceVersion, cancellationToken).ConfigureAwait(false))
        {
            yield return new WatchEvent<Secret>(change.Type, change.Object is null ? null : Copy(change.Object), change.ResourceVersion, change.Status);
        }
    }
}
