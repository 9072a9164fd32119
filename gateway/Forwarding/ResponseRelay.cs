using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using ModelGateway.Diagnostics;

namespace ModelGateway.Forwarding;

/// <summary>
/// Copies a worker's answer to the client as it arrives: each chunk read is written and flushed at once, so a
/// streamed reply reaches the client token by token. A failure after the first byte cannot become an HTTP error
/// any more; the caller's <paramref name="onBrokenStream"/> decides how the stream ends (or, when nothing was
/// written yet, which error to answer).
/// </summary>
public static class ResponseRelay
{
    public const string WorkerHeader = "X-ModelGateway-Worker";
    const int BufferSize = 16 * 1024;

    public static void CopyHeaders(HttpContext context, WorkerResponse response)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = response.StatusCode;
        var content = response.Message.Content.Headers;
        // The worker's own text, unparsed (a value set as a typed header reads back as its text too): parsing it into
        // a MediaTypeHeaderValue only to print it again cost several strings per request.
        if (content.NonValidated.TryGetValues("Content-Type", out var type)) outgoing.ContentType = type.ToString();
        if (content.ContentLength is { } length) outgoing.ContentLength = length;
        outgoing.Headers[WorkerHeader] = response.Destination.DestinationId;
    }

    /// <returns>True when the whole body was relayed; false when the worker's stream broke (client notified by the callback).</returns>
    public static async Task<bool> CopyBodyAsync(HttpContext context, WorkerResponse response, Func<HttpContext, WorkerResponse, bool, Task> onBrokenStream)
    {
        // Streams must not sit in any response buffer of ours.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var endedWithNewline = true;
        var telemetry = context.Features.Get<RequestTelemetryFeature>();
        await using var upstream = await response.Message.Content.ReadAsStreamAsync(response.Token);
        while (true)
        {
            byte[]? buffer = null;
            int read;
            try
            {
                // Wait for data before taking a buffer: thousands of slow streams then hold no 16 KB each while idle.
                _ = await upstream.ReadAsync(Memory<byte>.Empty, response.Token);
                buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                read = await upstream.ReadAsync(buffer, response.Token);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
                await onBrokenStream(context, response, endedWithNewline);
                return false;
            }
            try
            {
                if (read == 0)
                {
                    telemetry?.WorkerBodyEnded(context, response);
                    return true;
                }
                telemetry?.WorkerBodyRead(context, response, buffer.AsSpan(0, read));
                response.ResetIdleTimer();
                endedWithNewline = buffer[read - 1] == (byte)'\n';
                // The write copies into the server's pipe, so the buffer can go back right after.
                await context.Response.BodyWriter.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
