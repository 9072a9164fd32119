using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ModelGateway.Diagnostics;
using ModelGateway.Errors;
using ModelGateway.Forwarding;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Results;

namespace ModelGateway.OpenAI;

/// <summary>
/// Sends a translated request to a worker and writes the OpenAI answer. Streams are translated line by line as they
/// arrive and flushed per line; the response is committed only once the first worker line has been translated, so a
/// worker error before that is still a proper HTTP error. After that, a failure is an SSE error event, after which the
/// connection is aborted (no final chunk) so that no client can take the cut-short answer for a complete one.
/// </summary>
internal sealed partial class TranslatedCallResponder
{
    /// <summary>A native line longer than this is not a line from a healthy worker.</summary>
    const long MaxLineBytes = 64L * 1024 * 1024;
    const int MaxErrorBodyBytes = 64 * 1024;
    const int ReadSegmentBytes = 16 * 1024;
    static readonly TimeSpan ErrorEventGrace = TimeSpan.FromMilliseconds(200);

    readonly IWorkerDispatcher _dispatcher;
    readonly IOptionsMonitor<DispatchOptions> _options;
    readonly ILogger<TranslatedCallResponder> _logger;

    public TranslatedCallResponder(IWorkerDispatcher dispatcher, IOptionsMonitor<DispatchOptions> options, ILogger<TranslatedCallResponder> logger)
    {
        _dispatcher = dispatcher;
        _options = options;
        _logger = logger;
    }

    public async Task RespondAsync(HttpContext context, TranslatedCall call)
    {
        var response = await _dispatcher.SendAsync(context, call.WorkerRequest);
        await using (response)
        {
            context.Response.Headers[ResponseRelay.WorkerHeader] = response.Destination.DestinationId;
            // The reply names the model that answered: a fallback's name as the requested model's Fallbacks list it.
            var model = response.FallbackRoute?.RequestedName ?? call.Model;
            if (!response.Message.IsSuccessStatusCode)
            {
                await WriteWorkerErrorAsync(response, model);
                return;
            }
            if (!call.Stream)
            {
                await WriteWholeAsync(context, response, call, model);
                return;
            }
            await StreamAsync(context, response, call.CreateStreamTranslator!(model), call.Completing);
        }
    }

    static async Task WriteWorkerErrorAsync(WorkerResponse response, string model)
    {
        var body = await ReadBoundedAsync(response, MaxErrorBodyBytes);
        var error = OllamaErrorTranslator.Translate(response.StatusCode, body, model);
        throw new GatewayException(error.Status, error.Message, error.Type, error.Param, error.Code,
            retryAfter: error.Status == StatusCodes.Status503ServiceUnavailable ? TimeSpan.FromSeconds(1) : null);
    }

    async Task WriteWholeAsync(HttpContext context, WorkerResponse response, TranslatedCall call, string model)
    {
        byte[] native;
        try
        {
            native = await response.Message.Content.ReadAsByteArrayAsync(response.Token);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            const string Interrupted = "the worker's reply was interrupted";
            ReportBreak(response, Interrupted, committed: false);
            throw response.BrokenBeforeOutput(Interrupted, RetryAfter);
        }
        var telemetry = context.Features.Get<RequestTelemetryFeature>();
        telemetry?.MarkFirstByte(context, response);
        // The thread's batch, filled and handed to the response with no await in between (see t_batch), and left
        // empty whatever happens.
        var output = ThreadBatch();
        try
        {
            var result = call.TranslateResponse(native, model, output);
            if (!result.Succeeded)
                throw new GatewayException(StatusCodes.Status502BadGateway, result.ErrorMessage ?? "the worker's reply could not be read", "server_error");
            telemetry?.WorkerUsage(context, response, result.Usage.PromptTokens, result.Usage.CompletionTokens);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = output.WrittenCount;
            DrainThreadBatch(context.Response.BodyWriter);
        }
        finally
        {
            output.ResetWrittenCount();
            // A large reply (embeddings) may have grown it; the thread keeps only a stream read's worth.
            if (output.Capacity > ReadSegmentBytes * 4) t_batch = null;
        }
        if (call.Completing is { } completing) await completing(context.RequestAborted);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    async Task StreamAsync(HttpContext context, WorkerResponse response, INativeStreamTranslator translator, Func<CancellationToken, ValueTask>? completing)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var client = context.Response.BodyWriter;
        // Until the first event exists nothing is sent, so an early worker error can still become an HTTP status.
        // Dropped once committed: a stream holds it for minutes otherwise.
        ArrayBufferWriter<byte>? pending = new(1024);
        IBufferWriter<byte> output = pending;
        var committed = false;
        var telemetry = context.Features.Get<RequestTelemetryFeature>();

        var upstream = await response.Message.Content.ReadAsStreamAsync(response.Token);
        // Zero-byte reads: an idle stream between tokens holds no buffer, so segments can be as large as the passthrough's
        // relay buffer: a fast worker's lines then arrive in few reads, and every read costs a flush to the client.
        var reader = PipeReader.Create(upstream, new StreamPipeReaderOptions(bufferSize: ReadSegmentBytes, minimumReadSize: 1024, leaveOpen: false, useZeroByteReads: true));
        try
        {
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await reader.ReadAsync(response.Token);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
                {
                    const string Interrupted = "the worker's stream was interrupted";
                    var reason = ReportBreak(response, Interrupted, committed);
                    if (!committed) throw response.BrokenBeforeOutput(Interrupted, RetryAfter);
                    await EndCommittedAsync(context, translator, reason);
                    return;
                }
                response.ResetIdleTimer();
                telemetry?.MarkFirstByte(context, response);
                var buffer = read.Buffer;
                // After an await this may be another thread: take that thread's batch.
                if (committed) output = ThreadBatch();
                StreamStep step = default;
                var terminal = false;
                while (TryReadLine(ref buffer, out var line))
                {
                    step = translator.TranslateLine(line, output);
                    if (!committed && step.OutputStarted)
                    {
                        Commit(context, pending!);
                        committed = true;
                        pending = null;
                        output = ThreadBatch();
                    }
                    if (step.IsTerminal)
                    {
                        terminal = true;
                        break;
                    }
                }
                if (!terminal && read.IsCompleted)
                {
                    // Whatever is left has no newline; Ollama ends every line with one, so it is a cut line.
                    step = translator.UpstreamEnded(output);
                    terminal = true;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (committed) DrainThreadBatch(client);

                if (terminal)
                {
                    if (!committed)
                    {
                        if (step.Kind != StreamStepKind.Completed)
                            throw new GatewayException(StatusCodes.Status502BadGateway, step.ErrorMessage ?? "the worker failed before answering", "server_error");
                        Commit(context, pending!);
                    }
                    if (translator.Usage is { } usage) telemetry?.WorkerUsage(context, response, usage.PromptTokens, usage.CompletionTokens);
                    if (completing is not null && step.Kind == StreamStepKind.Completed) await completing(context.RequestAborted);
                    await client.FlushAsync(context.RequestAborted);
                    if (step.Kind == StreamStepKind.UpstreamError)
                    {
                        Log.StreamFailed(_logger, response.Destination.DestinationId, step.ErrorMessage ?? "");
                        await AbortAfterErrorEventAsync(context);
                    }
                    return;
                }
                if (committed) await client.FlushAsync(context.RequestAborted);
                if (buffer.Length > MaxLineBytes)
                {
                    const string TooLong = "the worker sent a line longer than the gateway accepts";
                    if (committed) Log.StreamFailed(_logger, response.Destination.DestinationId, TooLong);
                    else Log.ReplyFailed(_logger, response.Destination.DestinationId, TooLong);
                    if (!committed) throw new GatewayException(StatusCodes.Status502BadGateway, TooLong, "server_error");
                    await EndCommittedAsync(context, translator, TooLong);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; disposing the worker response stops generation.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>
    /// Events translated from one read are gathered here and handed to the response in one write: each write into
    /// the response takes Kestrel's output lock, and a read of a fast worker holds dozens of events. Per thread, so no
    /// stream holds it while waiting; it is filled and drained with no await in between.
    /// </summary>
    [ThreadStatic] static ArrayBufferWriter<byte>? t_batch;

    static ArrayBufferWriter<byte> ThreadBatch() => t_batch ??= new ArrayBufferWriter<byte>(ReadSegmentBytes);

    static void DrainThreadBatch(PipeWriter client)
    {
        var batch = t_batch;
        if (batch is null || batch.WrittenCount == 0) return;
        client.Write(batch.WrittenSpan);
        batch.ResetWrittenCount();
    }

    static void Commit(HttpContext context, ArrayBufferWriter<byte> pending)
    {
        var headers = context.Response;
        headers.StatusCode = StatusCodes.Status200OK;
        headers.ContentType = "text/event-stream";
        headers.Headers.CacheControl = "no-cache";
        headers.Headers["X-Accel-Buffering"] = "no";
        if (pending.WrittenCount > 0) context.Response.BodyWriter.Write(pending.WrittenSpan);
    }

    /// <summary>
    /// Logs why a worker's reply broke off (its connection failed, or it went silent past the idle limit) and returns
    /// what the client is told.
    /// </summary>
    string ReportBreak(WorkerResponse response, string interrupted, bool committed)
    {
        var worker = response.Destination.DestinationId;
        if (response.StoppedForShutdown) return Hosting.ShutdownDrain.Message;
        if (!response.WentSilent)
        {
            if (committed) Log.StreamFailed(_logger, worker, interrupted);
            else Log.ReplyFailed(_logger, worker, interrupted);
            return interrupted;
        }
        Log.WorkerSilent(_logger, worker, response.IdleTimeoutSeconds);
        return response.SilenceMessage;
    }

    TimeSpan RetryAfter => TimeSpan.FromSeconds(_options.CurrentValue.RetryAfterSeconds);

    static async Task EndCommittedAsync(HttpContext context, INativeStreamTranslator translator, string message)
    {
        translator.WriteErrorEvent(message, context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        await AbortAfterErrorEventAsync(context);
    }

    /// <summary>
    /// Ends a failed stream so that every client notices. Clients that read the SSE error event (openai-node,
    /// openai-python) raise it; the OpenAI .NET SDK reads events until [DONE] or the end of the body and treats both
    /// as success, so it only notices a body cut short: the connection is aborted instead of the response completed.
    /// An abort drops whatever the server has not yet put on the wire, so the flushed error event gets a moment to
    /// leave first (a client that reads it usually hangs up within that moment itself).
    /// </summary>
    static async Task AbortAfterErrorEventAsync(HttpContext context)
    {
        await Task.Delay(ErrorEventGrace, context.RequestAborted);
        context.Abort();
    }

    static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    static async Task<byte[]> ReadBoundedAsync(WorkerResponse response, int limit)
    {
        await using var stream = await response.Message.Content.ReadAsStreamAsync(response.Token);
        var buffer = new byte[limit];
        var total = 0;
        int read;
        while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total), response.Token)) > 0) total += read;
        return buffer[..total];
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Worker {Worker} failed after the stream started: {Reason}; the client got an SSE error event")]
        public static partial void StreamFailed(ILogger logger, string worker, string reason);

        [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Worker {Worker} failed before any output reached the client: {Reason}; the client got an HTTP error")]
        public static partial void ReplyFailed(ILogger logger, string worker, string reason);

        [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Worker {Worker} sent nothing for {Seconds} s (Dispatch:StreamIdleTimeout); the gateway ended its reply")]
        public static partial void WorkerSilent(ILogger logger, string worker, string seconds);
    }
}
