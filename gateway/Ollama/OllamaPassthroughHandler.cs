using Microsoft.Extensions.Options;
using ModelGateway.Authorization;
using ModelGateway.Errors;
using ModelGateway.Forwarding;
using ModelGateway.Routing;
using ModelGateway.Validation;
using ModelGateway.Validation.Transport;

namespace ModelGateway.Ollama;

/// <summary>
/// Serves a model-bound Ollama endpoint (/api/chat, /api/generate, /api/embed, /api/embeddings, /api/show):
/// finds the model in the body, resolves its cluster, rewrites an alias, and relays the worker's answer unchanged.
/// </summary>
internal sealed partial class OllamaPassthroughHandler
{
    readonly IModelRouter _router;
    readonly IModelAccessPolicy _access;
    readonly IWorkerDispatcher _dispatcher;
    readonly RequestBodyIntake _intake;
    readonly RequestValidation _validation;
    readonly IOptionsMonitor<DispatchOptions> _options;
    readonly ILogger<OllamaPassthroughHandler> _logger;

    public OllamaPassthroughHandler(IModelRouter router, IModelAccessPolicy access, IWorkerDispatcher dispatcher,
        RequestBodyIntake intake, RequestValidation validation, IOptionsMonitor<DispatchOptions> options, ILogger<OllamaPassthroughHandler> logger)
    {
        _router = router;
        _access = access;
        _dispatcher = dispatcher;
        _intake = intake;
        _validation = validation;
        _options = options;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, OllamaEndpoint endpoint)
    {
        ReceivedBody received;
        try
        {
            received = await _intake.ReadAsync(context);
        }
        catch (GatewayException ex)
        {
            await ApiErrorResponder.WriteAsync(context, ex);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        var body = received.Bytes;
        var (field, error) = received.FindModel();
        if (error is not null)
        {
            await OllamaError.WriteAsync(context.Response, StatusCodes.Status400BadRequest, error);
            return;
        }
        // Chat, generate and the embeddings have no `name`: Ollama would not see a model there, so neither does routing.
        if (string.IsNullOrEmpty(field.Value) || (field.IsDeprecatedName && endpoint != OllamaEndpoint.Show))
        {
            var (status, message) = endpoint.MissingModelError();
            await OllamaError.WriteAsync(context.Response, status, message);
            return;
        }
        if (!ModelName.IsValid(field.Value))
        {
            await OllamaError.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "invalid model name");
            return;
        }
        var route = _router.Resolve(field.Value);
        if (route is null)
        {
            await OllamaError.WriteAsync(context.Response, StatusCodes.Status404NotFound, endpoint.ModelNotFoundMessage(field.Value));
            return;
        }
        if (route.Virtual is not null)
        {
            // Choosing needs the request parsed, which /api never does; Ollama clients name real models.
            await OllamaError.WriteAsync(context.Response, StatusCodes.Status400BadRequest,
                $"model '{field.Value}' is a virtual model of the gateway, served only on /v1; name a real model on /api");
            return;
        }

        var request = new WorkerRequest
        {
            Route = route,
            Method = HttpMethod.Post,
            PathAndQuery = endpoint.Path,
            Body = route.RewritesModel ? field.Replace(body, route.WorkerModel) : body,
        };
        if (route.Fallbacks.Count > 0 && OllamaFallbackRequestBuilder.Serves(endpoint, body))
            request.FallbackBuilder = new OllamaFallbackRequestBuilder(endpoint, received, field, _validation);

        WorkerResponse response;
        try
        {
            _access.EnsureAllowed(context, route);
            _validation.ThrowIfInvalid(endpoint, received, route);
            response = await _dispatcher.SendAsync(context, request);
        }
        catch (GatewayException ex)
        {
            await ApiErrorResponder.WriteAsync(context, ex);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await using (response)
        {
            ResponseRelay.CopyHeaders(context, response);
            try
            {
                await ResponseRelay.CopyBodyAsync(context, response, EndBrokenStreamAsync);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; disposing the response stops the worker.
            }
        }
    }

    async Task EndBrokenStreamAsync(HttpContext context, WorkerResponse response, bool endedWithNewline)
    {
        var worker = response.Destination.DestinationId;
        var message = "the worker's stream ended unexpectedly";
        // Neither silence nor a shutdown is the worker failing: those are logged where they are decided.
        var workerFailed = !response.WentSilent && !response.StoppedForShutdown;
        if (response.WentSilent)
        {
            Log.WorkerSilent(_logger, worker, response.IdleTimeoutSeconds);
            message = response.SilenceMessage;
        }
        else if (response.StoppedForShutdown) message = Hosting.ShutdownDrain.Message;
        if (!context.Response.HasStarted)
        {
            // Only the worker's headers were copied, none sent: the client can still get a status, 502 (504 for
            // silence, 503 for a shutdown) with Retry-After as the other transient worker failures.
            if (workerFailed) Log.ReplyFailed(_logger, worker);
            await ApiErrorResponder.WriteAsync(context, response.BrokenBeforeOutput(message, TimeSpan.FromSeconds(_options.CurrentValue.RetryAfterSeconds)));
            return;
        }
        if (workerFailed) Log.StreamBroken(_logger, worker);
        var contentType = context.Response.ContentType ?? "";
        if (!contentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase))
        {
            // A half-written JSON object cannot be repaired: make the client see a failure, not a truncated success.
            context.Abort();
            return;
        }
        // Ollama's own convention for a failure mid-stream: one more line carrying the error.
        var line = new List<byte>();
        if (!endedWithNewline) line.Add((byte)'\n');
        line.AddRange(Transforms.Errors.OllamaErrorWriter.ToBytes(message));
        line.Add((byte)'\n');
        await context.Response.BodyWriter.WriteAsync(line.ToArray(), context.RequestAborted);
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Worker {Worker} broke the stream after it started; the client was told with an error line")]
        public static partial void StreamBroken(ILogger logger, string worker);

        [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Worker {Worker} failed before any of its reply reached the client; the client got a 502")]
        public static partial void ReplyFailed(ILogger logger, string worker);

        [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Worker {Worker} sent nothing for {Seconds} s (Dispatch:StreamIdleTimeout); the gateway ended its reply")]
        public static partial void WorkerSilent(ILogger logger, string worker, string seconds);
    }
}
