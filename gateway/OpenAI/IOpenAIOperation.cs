using ModelGateway.Routing;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.OpenAI;

/// <summary>One /v1 operation (chat, legacy completion, embeddings, responses): how to parse it and plan its worker call.</summary>
internal interface IOpenAIOperation<TRequest> where TRequest : class
{
    /// <summary>The path on workers that speak OpenAI themselves; null when the operation is only answered by translation.</summary>
    string? OpenAIPath { get; }

    bool TryRead(ReadOnlySpan<byte> body, out TRequest? request, out OpenAIError? error);

    string ModelOf(TRequest request);

    /// <summary>What the request needs from a model, for a virtual model's rules; only asked when the model named is one.</summary>
    RequestTraits TraitsOf(TRequest request);

    TranslatedCall Plan(TRequest request, ModelRoute route, OllamaWorkerFeatures features);
}
