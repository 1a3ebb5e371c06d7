using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// A watch's events, read from its response by <see cref="WatchLineReader"/> (no buffer held while the watch is idle)
/// and decoded as KubernetesClient's watcher decodes them, with the same JSON settings (<see cref="KubernetesJson"/>)
/// and the same error callback: a line whose object is a <c>Status</c> goes to <c>onError</c> as a
/// <see cref="KubernetesException"/>, a line that cannot be read goes to it as the exception that stopped it, and the
/// line is skipped if the callback returns. The sequence ends with the stream.
/// </summary>
internal static class WatchEventReader
{
    /// <summary>Sends the watch and yields its events until the stream ends; the response is disposed when the enumeration ends.</summary>
    /// <typeparam name="T">The watched kind: <see cref="V1Secret"/>.</typeparam>
    /// <param name="sender">Sends the request through the client.</param>
    /// <param name="address">The watch's relative address (<see cref="WatchRequestSender.Address"/>).</param>
    /// <param name="onError">Told of an <c>ERROR</c> event and of a line that cannot be read.</param>
    /// <param name="cancellationToken">Stops the watch.</param>
    /// <returns>The events, as KubernetesClient's <c>WatchList…Async</c> yields them.</returns>
    public static async IAsyncEnumerable<(WatchEventType, T)> ReadAsync<T>(
        WatchRequestSender sender,
        string address,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await sender.SendAsync(address, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var lines = new WatchLineReader(stream);
            while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (Decode<T>(line, onError) is { } decoded)
                {
                    yield return decoded;
                }
            }
        }
    }

    /// <summary>One line as KubernetesClient's watcher reads it: the event, or <see langword="null"/> after telling <paramref name="onError"/>.</summary>
    internal static (WatchEventType Type, T Object)? Decode<T>(ReadOnlyMemory<byte> line, Action<Exception> onError)
    {
        Exception failure;
        try
        {
            using var document = JsonDocument.Parse(line);
            var header = KubernetesJson.Deserialize<Watcher<KubernetesObject>.WatchEvent>(document);
            if (header?.Object is null)
            {
                failure = new JsonException("a watch event without an object", "$.object", null, null);
            }
            else if (header.Object.Kind == "Status")
            {
                // Whatever the event's type, as the client's watcher takes it: the server's error.
                failure = new KubernetesException(KubernetesJson.Deserialize<Watcher<V1Status>.WatchEvent>(document).Object);
            }
            else
            {
                var watchEvent = KubernetesJson.Deserialize<Watcher<T>.WatchEvent>(document);
                return (watchEvent.Type, watchEvent.Object);
            }
        }
#pragma warning disable CA1031 // As the client's watcher: whatever stops a line (a converter's FormatException too) goes to the callback.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        onError(failure);
        return null;
    }
}
