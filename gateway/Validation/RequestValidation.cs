using FluentValidation;
using ModelGateway.Ollama;
using ModelGateway.OpenAI.Responses;
using ModelGateway.Routing;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Embeddings;
using ModelGateway.Validation.Ollama;
using ModelGateway.Validation.OpenAI;
using ModelGateway.Validation.Transport;

namespace ModelGateway.Validation;

/// <summary>
/// The gateway's request rules after the model is resolved (the routed model's context length is part of them).
/// Throws a 400 <see cref="Errors.GatewayException"/> whose <c>param</c> is the JSON path of the field at fault.
/// </summary>
internal sealed class RequestValidation
{
    readonly Dictionary<Type, IValidator> _openAI;
    readonly ValidationLimits _limits;
    readonly OllamaChatBodyValidator _chat;
    readonly OllamaGenerateBodyValidator _generate;
    readonly OllamaEmbedBodyValidator _embed;
    readonly OllamaEmbeddingsBodyValidator _embeddings;
    readonly OllamaShowBodyValidator _show;

    public RequestValidation(ValidationLimits limits,
        IValidator<ChatCompletionRequest> chatCompletion, IValidator<CompletionRequest> completion, IValidator<EmbeddingRequest> embedding,
        IValidator<ResponsesCall> response,
        OllamaChatBodyValidator chat, OllamaGenerateBodyValidator generate, OllamaEmbedBodyValidator embed,
        OllamaEmbeddingsBodyValidator embeddings, OllamaShowBodyValidator show)
    {
        _openAI = new Dictionary<Type, IValidator>
        {
            [typeof(ChatCompletionRequest)] = chatCompletion,
            [typeof(CompletionRequest)] = completion,
            [typeof(EmbeddingRequest)] = embedding,
            [typeof(ResponsesCall)] = response,
        };
        _limits = limits;
        _chat = chat;
        _generate = generate;
        _embed = embed;
        _embeddings = embeddings;
        _show = show;
    }

    /// <summary>A parsed /v1 request (chat, completion, embedding, response).</summary>
    public void ThrowIfInvalid<TRequest>(TRequest request, ReceivedBody body, ModelRoute route)
    {
        if (request is ChatCompletionRequest chat && OpenAIChatRequestPrecheck.Vouches(chat, _limits.Current)) return;
        RequestRejection.ThrowIfInvalid((IValidator<TRequest>)_openAI[typeof(TRequest)], request, FactsFor(body, route));
    }

    /// <summary>A native /api body for one of the model-bound endpoints.</summary>
    public void ThrowIfInvalid(OllamaEndpoint endpoint, ReceivedBody body, ModelRoute route)
    {
        var json = OllamaBodyJsonContext.Default;
        if (endpoint == OllamaEndpoint.Chat) CheckChat(body, route);
        else if (endpoint == OllamaEndpoint.Generate) Check(body, json.OllamaGenerateBody, _generate, FactsFor(body, route));
        else if (endpoint == OllamaEndpoint.Embed) Check(body, json.OllamaEmbedBody, _embed, FactsFor(body, route));
        else if (endpoint == OllamaEndpoint.Embeddings) Check(body, json.OllamaEmbeddingsBody, _embeddings, FactsFor(body, route));
        else if (endpoint == OllamaEndpoint.Show) Check(body, json.OllamaShowBody, _show, FactsFor(body, route));
    }

    RequestFacts FactsFor(ReceivedBody body, ModelRoute route) => new(_limits.ContextLengthOf(route), body.TopLevelFields);

    void CheckChat(ReceivedBody body, ModelRoute route)
    {
        var parsed = OllamaBodyReader.Read(body.Bytes, OllamaBodyJsonContext.Default.OllamaChatBody, out var failure);
        if (failure is not null) throw RequestRejection.ToException(failure);
        if (parsed is null || OllamaChatBodyPrecheck.Vouches(parsed, _limits.Current)) return;
        RequestRejection.ThrowIfInvalid(_chat, parsed, FactsFor(body, route));
    }

    static void Check<T>(ReceivedBody body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, IValidator<T> validator, RequestFacts facts)
        where T : class
    {
        var parsed = OllamaBodyReader.Read(body.Bytes, typeInfo, out var failure);
        if (failure is not null) throw RequestRejection.ToException(failure);
        if (parsed is not null) RequestRejection.ThrowIfInvalid(validator, parsed, facts);
    }
}
