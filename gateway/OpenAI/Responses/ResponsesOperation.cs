using ModelGateway.Errors;
using ModelGateway.Forwarding;
using ModelGateway.Routing;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Responses;

namespace ModelGateway.OpenAI.Responses;

/// <summary>
/// POST /v1/responses → native /api/chat. A request that continues a stored response gets that response's
/// conversation before its own input (<see cref="PrepareAsync"/>); a response asked to be stored is kept once it is
/// complete, before its last bytes reach the client. Workers that speak OpenAI are not relayed to (no OpenAI path).
/// </summary>
internal sealed class ResponsesOperation : IOpenAIOperation<ResponsesCall>
{
    readonly ResponseStore _store;

    public ResponsesOperation(ResponseStore store) => _store = store;

    public string? OpenAIPath => null;

    public bool TryRead(ReadOnlySpan<byte> body, out ResponsesCall? request, out OpenAIError? error)
    {
        request = ResponseRequestParser.TryParse(body, out var parsed, out error) ? new ResponsesCall(parsed, OpenAIIds.NewResponseId()) : null;
        return request is not null;
    }

    public string ModelOf(ResponsesCall request) => request.Request.Model;

    public RequestTraits TraitsOf(ResponsesCall request)
        => RequestTraits.Of(request.Request.Chat.HasImages, request.Request.Chat.HasTools, request.Request.Chat.PromptCharacters);

    /// <summary>Names the caller as the owner and adds the conversation of <c>previous_response_id</c> (404 when the caller has none by that id).</summary>
    public async ValueTask<ResponsesCall> PrepareAsync(HttpContext context, ResponsesCall call)
    {
        var owner = ResponseOwner.Of(context);
        var request = call.Request;
        if (request.PreviousResponseId is { } previousId)
        {
            var previous = await _store.FindAsync(previousId, owner, context.RequestAborted)
                ?? throw new GatewayException(StatusCodes.Status404NotFound, $"Previous response with id '{previousId}' not found.",
                    param: "previous_response_id", code: "previous_response_not_found");
            request = request.ContinuedFrom(previous.Conversation);
        }
        return call with { Request = request, Owner = owner };
    }

    public TranslatedCall Plan(ResponsesCall call, ModelRoute route, OllamaWorkerFeatures features)
    {
        var request = call.Request;
        ResponseResult? whole = null;
        ResponseStreamTranslator? stream = null;
        return new()
        {
            WorkerRequest = new WorkerRequest
            {
                Route = route,
                Method = HttpMethod.Post,
                PathAndQuery = "/api/chat",
                Body = OllamaChatRequestWriter.ToBytes(request.Chat, route.WorkerModel, features),
            },
            Stream = request.Stream,
            Model = route.RequestedName,
            TranslateResponse = (native, model, output) => ResponseTranslator.Translate(native.Span, request, call.Id, model, output, out whole),
            CreateStreamTranslator = model => stream = new ResponseStreamTranslator(request, call.Id, model),
            Completing = request.Store
                ? cancellation => (whole ?? stream?.Result) is { } result ? _store.SaveAsync(call, result, cancellation) : ValueTask.CompletedTask
                : null,
        };
    }
}
