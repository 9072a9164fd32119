using ModelGateway.Forwarding;
using ModelGateway.Routing;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.OpenAI;

/// <summary>POST /v1/completions (legacy) → native /api/generate.</summary>
internal sealed class CompletionsOperation : IOpenAIOperation<CompletionRequest>
{
    public string OpenAIPath => "/v1/completions";

    public bool TryRead(ReadOnlySpan<byte> body, out CompletionRequest? request, out OpenAIError? error)
        => CompletionRequestParser.TryParse(body, out request, out error);

    public string ModelOf(CompletionRequest request) => request.Model;

    public RequestTraits TraitsOf(CompletionRequest request) => RequestTraits.Of(hasImages: false, hasTools: false, request.PromptCharacters);

    public TranslatedCall Plan(CompletionRequest request, ModelRoute route, OllamaWorkerFeatures features)
    {
        WorkerCapabilityErrors.ThrowIfLogprobsUnsupported(request.Logprobs is not null, route, features);
        return new()
        {
        WorkerRequest = new WorkerRequest
        {
            Route = route,
            Method = HttpMethod.Post,
            PathAndQuery = "/api/generate",
            Body = OllamaGenerateRequestWriter.ToBytes(request, route.WorkerModel, features),
        },
        Stream = request.Stream,
        // The client's name, or the model a virtual one chose.
        Model = route.RequestedName,
        TranslateResponse = (native, model, output) => CompletionResponseTranslator.Translate(native.Span, request, output, model),
        CreateStreamTranslator = model => CompletionStreamTranslator.For(request, model),
        };
    }
}
