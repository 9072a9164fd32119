using ModelGateway.Errors;
using ModelGateway.Validation;
using ModelGateway.Validation.Transport;

namespace ModelGateway.OpenAI;

/// <summary>
/// Runs a /v1 operation: read and parse the body, resolve the model, then either pass it through to a cluster that
/// speaks OpenAI or translate it for Ollama workers. Every rejection is answered in OpenAI's error envelope.
/// </summary>
internal sealed class OpenAIOperationHandler
{
    readonly RequestBodyIntake _intake;
    readonly RequestValidation _validation;
    readonly OpenAIModelResolver _resolver;
    readonly TranslatedCallResponder _translated;
    readonly OpenAIPassthroughRelay _passthrough;

    public OpenAIOperationHandler(RequestBodyIntake intake, RequestValidation validation, OpenAIModelResolver resolver, TranslatedCallResponder translated, OpenAIPassthroughRelay passthrough)
    {
        _intake = intake;
        _validation = validation;
        _resolver = resolver;
        _translated = translated;
        _passthrough = passthrough;
    }

    public Task HandleAsync<TRequest>(HttpContext context, IOpenAIOperation<TRequest> operation) where TRequest : class
        => HandleAsync(context, operation, prepare: null);

    /// <param name="prepare">
    /// Completes a parsed request once its model is resolved and the caller may use it, before a virtual model chooses
    /// and the rules run (responses: the stored conversation it continues); null for operations that need nothing.
    /// </param>
    public async Task HandleAsync<TRequest>(HttpContext context, IOpenAIOperation<TRequest> operation,
        Func<HttpContext, TRequest, ValueTask<TRequest>>? prepare) where TRequest : class
    {
        try
        {
            var received = await _intake.ReadAsync(context);
            var body = received.Bytes;
            if (!operation.TryRead(body, out var request, out var error))
                throw new GatewayException(error!.Status, error.Message, error.Type, error.Param, error.Code);
            var route = _resolver.Resolve(context, operation.ModelOf(request!));
            if (prepare is not null) request = await prepare(context, request!);
            var chosen = false;
            if (route.Virtual is { } chooser)
            {
                route = _resolver.Choose(context, route, chooser, operation.TraitsOf(request!));
                chosen = true;
            }
            _validation.ThrowIfInvalid(request!, received, route);
            var fallbacks = route.Fallbacks.Count > 0 ? new OpenAIFallbackRequestBuilder<TRequest>(operation, request!, received, _resolver, _validation) : null;
            if (_resolver.SpeaksOpenAI(route))
            {
                var path = operation.OpenAIPath ?? throw new GatewayException(StatusCodes.Status400BadRequest,
                    $"The model `{route.RequestedName}` is served by workers that speak OpenAI's API; {context.Request.Path} is answered only from Ollama workers. Use /v1/chat/completions for this model.",
                    param: "model", code: "unsupported_model");
                // The body still names the virtual model: an OpenAI-speaking worker gets the chosen one's name.
                if (chosen) body = OpenAIPassthroughRelay.WithModel(body, route.WorkerModel);
                await _passthrough.RelayAsync(context, route, path, body, fallbacks);
            }
            else
            {
                var call = operation.Plan(request!, route, _resolver.FeaturesFor(route));
                call.WorkerRequest.FallbackBuilder = fallbacks;
                await _translated.RespondAsync(context, call);
            }
        }
        catch (GatewayException ex)
        {
            await ApiErrorResponder.WriteAsync(context, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
