using System.Net;

namespace SecretProjection.Kubernetes.Testing.Tests;

public sealed class Http2Tests
{
    [Theory]
    [InlineData(ApiServerTransport.Http2Cleartext)]
    [InlineData(ApiServerTransport.Https)]
    public async Task A_watch_ends_as_soon_as_its_client_resets_the_stream(ApiServerTransport transport)
    {
        await using var cluster = new TransportCluster(transport);
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var http = new HttpClient(handler) { BaseAddress = cluster.Server.AddressOf(transport), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var response = await http.GetAsync($"api/v1/namespaces/shop/secrets?watch=true&resourceVersion={cluster.State.ResourceVersion}", HttpCompletionOption.ResponseHeadersRead, cluster.Deadline);
        await cluster.State.WaitForOpenWatchesAsync(1, cluster.Deadline);

        response.Dispose();

        await cluster.State.WaitForOpenWatchesAsync(0, cluster.Deadline);
        Assert.Equal(new Version(2, 0), response.Version);
    }
}
