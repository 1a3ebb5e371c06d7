using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// One client connection, spoken as HTTP/1.1 the way the API server answers: requests read one after the other
/// (keep-alive), JSON answers with a Content-Length, and watch streams as chunked bodies whose headers go out
/// at once. A stream ends either cleanly (the last chunk) or broken (the socket closes without it).
/// </summary>
/// <remarks>
/// Built on a socket rather than HttpListener, which neither sends headers before the first body byte nor can
/// break a chunked response: its Abort still writes the final chunk.
/// </remarks>
internal sealed class ApiConnection : IDisposable
{
    private const int MaxLine = 16 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TimeProvider _time;
    private readonly byte[] _buffer = new byte[8 * 1024];
    private int _start;
    private int _end;
    private int _closed;

    public ApiConnection(Socket socket, TimeProvider time)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _time = time;
    }

    /// <summary>Whether the client asked to close the connection after the current request.</summary>
    public bool CloseAfterResponse { get; private set; }

    /// <summary>Reads the next request; <see langword="null"/> when the client closed the connection.</summary>
    /// <exception cref="InvalidDataException">Not an HTTP/1.1 request this server reads.</exception>
    public async Task<RecordedRequest?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        var requestLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (requestLine is null)
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException("not an HTTP/1.x request line");
        }

        var contentLength = 0L;
        CloseAfterResponse = parts[2] == "HTTP/1.0";
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } header)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon > 0 ? (header[..colon].Trim(), header[(colon + 1)..].Trim()) : (header, string.Empty);
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException("request bodies in chunks are not read");
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                CloseAfterResponse = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        await SkipAsync(contentLength, cancellationToken).ConfigureAwait(false);
        var target = parts[1];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(question < 0 ? target : target[..question]);
        return new RecordedRequest(parts[0], path, ParseQuery(question < 0 ? string.Empty : target[(question + 1)..]));
    }

    /// <summary>A whole JSON answer, ended by a newline as the API server's encoder ends it.</summary>
    public async Task WriteJsonAsync(int code, JsonObject body, CancellationToken cancellationToken)
    {
        var content = Encoding.UTF8.GetBytes(ApiJson.Serialize(body) + "\n");
        var head = Head(code, "Content-Length: " + content.Length.ToString(CultureInfo.InvariantCulture));
        await _stream.WriteAsync(head.Concat(content).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a watch stream: status 200 and chunked headers, sent at once as the API server flushes them. With
    /// <paramref name="lastResponse"/>, the head says <c>Connection: close</c>: this server closes the connection after
    /// such a stream, and a client that was not told would put the connection back in its pool and fail its next
    /// request on the closed socket.
    /// </summary>
    public async Task StartStreamAsync(bool lastResponse, CancellationToken cancellationToken)
    {
        CloseAfterResponse |= lastResponse;
        await _stream.WriteAsync(Head(200, "Transfer-Encoding: chunked"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends bytes of the stream as one chunk.</summary>
    public async Task WriteChunkAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var size = Encoding.ASCII.GetBytes(bytes.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        var chunk = new byte[size.Length + bytes.Length + 2];
        size.CopyTo(chunk, 0);
        bytes.CopyTo(chunk.AsMemory(size.Length));
        "\r\n"u8.CopyTo(chunk.AsSpan(size.Length + bytes.Length));
        await _stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the stream cleanly: the last, empty chunk.</summary>
    public async Task EndStreamAsync(CancellationToken cancellationToken) =>
        await _stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Completes when the client closes its side (a watching client sends nothing), so that an abandoned watch
    /// is noticed at once rather than at the next event.
    /// </summary>
    public async Task WaitForClientCloseAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[256];
        try
        {
            while (await _stream.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Broken: gone as well.
        }
    }

    /// <summary>Breaks the connection: whatever the client is reading ends before its end.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }

        _socket.Close();
    }

    public void Dispose()
    {
        Abort();
        _stream.Dispose();
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals < 0 ? (pair, string.Empty) : (pair[..equals], pair[(equals + 1)..]);

            // As Go's url.ParseQuery: '+' is a space.
            parameters[Uri.UnescapeDataString(key.Replace('+', ' '))] = Uri.UnescapeDataString(value.Replace('+', ' '));
        }

        return parameters;
    }

    private static string Phrase(int code) => code switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status " + code.ToString(CultureInfo.InvariantCulture),
    };

    private byte[] Head(int code, string framing)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {code} {Phrase(code)}\r\n")
            .Append("Cache-Control: no-cache, private\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {_time.GetUtcNow():r}\r\n")
            .Append(framing).Append("\r\n");
        if (CloseAfterResponse)
        {
            head.Append("Connection: close\r\n");
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return line.Count == 0 ? null : throw new InvalidDataException("the request ended in a line");
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            }

            line.Add(b);
            if (line.Count > MaxLine)
            {
                throw new InvalidDataException("request line too long");
            }
        }
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException("the request body ended early");
            }

            var skipped = (int)Math.Min(count, _end - _start);
            _start += skipped;
            count -= skipped;
        }
    }

    /// <summary>Reads the next bytes into the emptied buffer; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }
}
