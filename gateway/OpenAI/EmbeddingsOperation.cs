using ModelGateway.Forwarding;
using ModelGateway.Routing;
using ModelGateway.Transforms.Embeddings;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.OpenAI;

/// <summary>POST /v1/embeddings → native /api/embed.</summary>
internal sealed class EmbeddingsOperation : IOpenAIOperation<EmbeddingRequest>
{
    public string OpenAIPath => "/v1/embeddings";

    public bool TryRead(ReadOnlySpan<byte> body, out EmbeddingRequest? request, out OpenAIError? error)
        => EmbeddingRequestParser.TryParse(body, out request, out error);

    public string ModelOf(EmbeddingRequest request) => request.Model;

    public RequestTraits TraitsOf(EmbeddingRequest request) => RequestTraits.Of(hasImages: false, hasTools: false, request.PromptCharacters);

    public TranslatedCall Plan(EmbeddingRequest request, ModelRoute route, OllamaWorkerFeatures features) => new()
    {
        WorkerRequest = new WorkerRequest
        {
            Route = route,
            Method = HttpMethod.Post,
            PathAndQuery = "/api/embed",
            Body = OllamaEmbedRequestWriter.ToBytes(request, route.WorkerModel, features),
        },
        Stream = false,
        // The client's name, or the model a virtual one chose.
        Model = route.RequestedName,
        TranslateResponse = (native, model, output) => EmbeddingResponseTranslator.Translate(native.Span, request, output, model),
    };
}
