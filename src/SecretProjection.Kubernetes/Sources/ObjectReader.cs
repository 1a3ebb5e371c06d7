using System.Net;
using System.Text.Json;
using k8s.Autorest;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// A GET of one object (or a list, without a name) as a lookup: found, not found (404, as client-go's <c>IsNotFound</c>), or failed with
/// the server's message or the transport's. A failure is a result, never an exception, except cancellation.
/// </summary>
internal static class ObjectReader
{
    public static async Task<LookupResult<TModel>> ReadAsync<TClient, TModel>(
        Func<CancellationToken, Task<TClient>> read,
        Func<TClient, TModel> toModel,
        string resource,
        string? name,
        CancellationToken cancellationToken)
        where TModel : class
    {
        var target = name is null ? resource : resource + " " + name;
        TClient found;
        try
        {
            found = await read(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return LookupResult<TModel>.NotFound();
        }
        catch (HttpOperationException e)
        {
            return LookupResult<TModel>.Failed(ApiFailure.FromResponse(e, resource, name).Message);
        }
        catch (HttpRequestException e)
        {
            return LookupResult<TModel>.Failed(ApiFailure.Transport("get", target, e));
        }
        catch (JsonException e)
        {
            return LookupResult<TModel>.Failed(ApiFailure.Unreadable("get", target, e));
        }
        catch (OperationCanceledException e) when (ApiFailure.IsClientTimeout(e, cancellationToken))
        {
            return LookupResult<TModel>.Failed($"get {target}: no answer in time");
        }

        return found is null
            ? LookupResult<TModel>.Failed($"get {target}: the answer is empty")
            : LookupResult<TModel>.Found(toModel(found));
    }
}
