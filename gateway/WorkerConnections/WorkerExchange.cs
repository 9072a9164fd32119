using System.Net.Http.Headers;
using System.Net;
using System.Net.Sockets;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// One request and its response head on a <see cref="WorkerConnection"/>; the body is left to the response's
/// content stream, which hands the connection back to the pool when the body has ended.
/// </summary>
internal static class WorkerExchange
{
    public static async Task<HttpResponseMessage> SendAsync(WorkerConnection connection, string hostHeader, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            await WriteRequestAsync(connection, hostHeader, request, cancellationToken);
            while (true)
            {
                var head = await ReadHeadAsync(connection, cancellationToken);
                // 1xx (100 Continue, 103 Early Hints) precede the real answer.
                if (head.StatusCode is >= 100 and < 200) continue;
                return CreateResponse(connection, request, head);
            }
        }
        catch (Exception ex)
        {
            connection.Dispose();
            if (cancellationToken.IsCancellationRequested)
                throw ex as OperationCanceledException ?? new TaskCanceledException("The operation was canceled.", ex, cancellationToken);
            throw ex switch
            {
                HttpRequestException or OperationCanceledException => ex,
                IOException { InnerException: SocketException } or SocketException =>
                    new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.", ex),
                IOException => new HttpRequestException(HttpRequestError.ResponseEnded, "An error occurred while sending the request.", ex),
                _ => new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.", ex),
            };
        }
    }

    static async ValueTask WriteRequestAsync(WorkerConnection connection, string hostHeader, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var writer = new RequestWriteStream(connection.Transport);
        writer.WriteHeadAscii(request.Method.Method);
        writer.WriteHeadBytes(" "u8);
        writer.WriteHeadAscii(request.RequestUri!.PathAndQuery);
        writer.WriteHeadBytes(" HTTP/1.1\r\nHost: "u8);
        writer.WriteHeadAscii(request.Headers.Host ?? hostHeader);
        writer.WriteHeadBytes("\r\n"u8);
        var chunkedAsked = false;
        foreach (var header in request.Headers.NonValidated)
        {
            if (header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) { chunkedAsked = true; continue; }
            WriteHeader(writer, header.Key, header.Value);
        }

        var content = request.Content;
        long? length = null;
        if (content is not null)
        {
            foreach (var header in content.Headers.NonValidated)
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) WriteHeader(writer, header.Key, header.Value);
            length = chunkedAsked ? null : content.Headers.ContentLength;
        }
        else if (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
            length = 0;

        var chunked = content is not null && length is null;
        if (chunked) writer.WriteHeadBytes("Transfer-Encoding: chunked\r\n"u8);
        else if (length is { } announced)
        {
            writer.WriteHeadBytes("Content-Length: "u8);
            writer.WriteHeadNumber(announced);
            writer.WriteHeadBytes("\r\n"u8);
        }
        writer.WriteHeadBytes("\r\n"u8);

        if (content is not null)
        {
            writer.StartBody(chunked);
            // Streamed from the content: an upload of unknown length goes out chunk by chunk, never buffered whole.
            await content.CopyToAsync(writer, cancellationToken);
            if (length is { } expected && writer.BodyBytes != expected)
                throw new HttpRequestException(HttpRequestError.Unknown,
                    $"Sent {writer.BodyBytes} request content bytes, but Content-Length promised {expected}.");
        }
        await writer.CompleteAsync(cancellationToken);
    }

    static void WriteHeader(RequestWriteStream writer, string name, HeaderStringValues values)
    {
        writer.WriteHeadAscii(name);
        writer.WriteHeadBytes(": "u8);
        var first = true;
        foreach (var value in values)
        {
            if (!first) writer.WriteHeadBytes(", "u8);
            writer.WriteHeadAscii(value);
            first = false;
        }
        writer.WriteHeadBytes("\r\n"u8);
    }

    static async ValueTask<ResponseHead> ReadHeadAsync(WorkerConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (connection.Buffered > 0)
            {
                var used = ResponseHead.TryParse(connection.BufferedSpan, out var head);
                if (used > 0)
                {
                    connection.Consume(used);
                    return head!;
                }
            }
            if (!await connection.FillAsync(WorkerConnection.MaxResponseHeadBytes, cancellationToken))
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "An error occurred while sending the request.",
                    new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        }
    }

    static HttpResponseMessage CreateResponse(WorkerConnection connection, HttpRequestMessage request, ResponseHead head)
    {
        var keepAlive = !head.ConnectionClose && request.Headers.ConnectionClose != true;
        ResponseBodyStream body;
        if (request.Method == HttpMethod.Head || head.StatusCode is 204 or 304 || head.ContentLength == 0 && !head.Chunked)
        {
            connection.Release(keepAlive);
            body = ResponseBodyStream.Empty;
        }
        else if (head.Chunked) body = new ChunkedBodyStream(connection, keepAlive);
        else if (head.ContentLength is { } length) body = new ContentLengthBodyStream(connection, length, keepAlive);
        else body = new CloseDelimitedBodyStream(connection);

        var content = new WorkerResponseContent(body);
        var response = new HttpResponseMessage((HttpStatusCode)head.StatusCode)
        {
            Version = head.Version,
            RequestMessage = request,
            Content = content,
        };
        if (head.ReasonPhrase is not null) response.ReasonPhrase = head.ReasonPhrase;
        foreach (var (name, value) in head.Headers)
            if (!response.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
        return response;
    }
}
