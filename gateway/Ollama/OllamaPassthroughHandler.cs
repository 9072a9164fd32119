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
    readonly ILogger<OllamaPassthroughHandler> _logger;

    public OllamaPassthroughHandler(IModelRouter router, IModelAccessPolicy access, IWorkerDispatcher dispatcher,
        RequestBodyIntake intake, RequestValidation validation, ILogger<OllamaPassthroughHandler> logger)
    {
        _router = router;
        _access = access;
        _dispatcher = dispatcher;
        _intake = intake;
        _validation = validation;
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
        if (string.IsNullOrEmpty(field.Value))
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

        var request = new WorkerRequest
        {
            Route = route,
            Method = HttpMethod.Post,
            PathAndQuery = endpoint.Path,
            Body = route.RewritesModel ? field.Replace(body, route.WorkerModel) : body,
        };

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

    async Task EndBrokenStreamAsync(HttpContext context, bool endedWithNewline)
    {
        Log.StreamBroken(_logger, context.Response.Headers[ResponseRelay.WorkerHeader].ToString());
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
        line.AddRange(Transforms.Errors.OllamaErrorWriter.ToBytes("the worker's stream ended unexpectedly"));
        line.Add((byte)'\n');
        await context.Response.BodyWriter.WriteAsync(line.ToArray(), context.RequestAborted);
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Worker {Worker} broke the stream after it started; the client was told with an error line")]
        public static partial void StreamBroken(ILogger logger, string worker);
    }
}
