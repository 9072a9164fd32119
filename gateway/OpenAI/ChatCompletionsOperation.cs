using ModelGateway.Forwarding;
using ModelGateway.Routing;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.OpenAI;

/// <summary>POST /v1/chat/completions → native /api/chat.</summary>
internal sealed class ChatCompletionsOperation : IOpenAIOperation<ChatCompletionRequest>
{
    public string OpenAIPath => "/v1/chat/completions";

    public bool TryRead(ReadOnlySpan<byte> body, out ChatCompletionRequest? request, out OpenAIError? error)
        => ChatCompletionRequestParser.TryParse(body, out request, out error);

    public string ModelOf(ChatCompletionRequest request) => request.Model;

    public RequestTraits TraitsOf(ChatCompletionRequest request) => RequestTraits.Of(request.HasImages, request.HasTools, request.PromptCharacters);

    public TranslatedCall Plan(ChatCompletionRequest request, ModelRoute route, OllamaWorkerFeatures features)
    {
        WorkerCapabilityErrors.ThrowIfLogprobsUnsupported(request.Logprobs, route, features);
        return new()
        {
        WorkerRequest = new WorkerRequest
        {
            Route = route,
            Method = HttpMethod.Post,
            PathAndQuery = "/api/chat",
            Body = OllamaChatRequestWriter.ToBytes(request, route.WorkerModel, features),
        },
        Stream = request.Stream,
        // The client's name, or the model a virtual one chose.
        Model = route.RequestedName,
        TranslateResponse = (native, model, output) => ChatResponseTranslator.Translate(native.Span, request, output, model),
        CreateStreamTranslator = model => ChatStreamTranslator.For(request, model),
        };
    }
}
