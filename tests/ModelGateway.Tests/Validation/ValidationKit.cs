using System.Text;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Embeddings;
using ModelGateway.Validation;
using ModelGateway.Validation.Ollama;
using ModelGateway.Validation.OpenAI;

namespace ModelGateway.Tests.Validation;

/// <summary>
/// Runs the gateway's validators the way the handlers do: /v1 bodies through the transforms parsers first, /api bodies
/// through the native body reader, then the validator with the given limits and context length.
/// </summary>
internal sealed class ValidationKit
{
    public ValidationKit(ValidationOptions? options = null) => Limits = LimitsFor(options ?? new ValidationOptions());

    public ValidationLimits Limits { get; }

    public static ValidationLimits LimitsFor(ValidationOptions options)
        => new(new SettableOptionsMonitor<ValidationOptions>(options), NullLogger<ValidationLimits>.Instance);

    public ValidationFailure? Chat(string json, int? contextLength = null)
    {
        Assert.That(ChatCompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error), Is.True,
            () => $"the transforms parser refused the body: {error?.Message}");
        return Run(new OpenAIChatRequestValidator(Limits, new ToolDefinitionValidator(Limits)), request!, json, contextLength);
    }

    /// <summary>A /v1/responses body, continuing <paramref name="previous"/> when given (as the handler does with a stored one).</summary>
    public ValidationFailure? Response(string json, int? contextLength = null, ModelGateway.Transforms.Responses.ResponseConversation? previous = null)
    {
        Assert.That(ModelGateway.Transforms.Responses.ResponseRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error), Is.True,
            () => $"the transforms parser refused the body: {error?.Message}");
        if (previous is not null) request = request!.ContinuedFrom(previous);
        var chat = new OpenAIChatRequestValidator(Limits, new ToolDefinitionValidator(Limits));
        return Run(new OpenAIResponseRequestValidator(chat, Limits), new ModelGateway.OpenAI.Responses.ResponsesCall(request!, "resp_test"), json, contextLength);
    }

    public ValidationFailure? Completion(string json, int? contextLength = null)
    {
        Assert.That(CompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error), Is.True,
            () => $"the transforms parser refused the body: {error?.Message}");
        return Run(new OpenAICompletionRequestValidator(Limits), request!, json, contextLength);
    }

    public ValidationFailure? Embedding(string json)
    {
        Assert.That(EmbeddingRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error), Is.True,
            () => $"the transforms parser refused the body: {error?.Message}");
        return Run(new OpenAIEmbeddingRequestValidator(Limits), request!, json, null);
    }

    public ValidationFailure? OllamaChat(string json, int? contextLength = null)
        => Native(json, OllamaBodyJsonContext.Default.OllamaChatBody,
            new OllamaChatBodyValidator(Limits, new OllamaMessageValidator(Limits)), contextLength);

    public ValidationFailure? OllamaGenerate(string json, int? contextLength = null)
        => Native(json, OllamaBodyJsonContext.Default.OllamaGenerateBody, new OllamaGenerateBodyValidator(Limits), contextLength);

    public ValidationFailure? OllamaEmbed(string json)
        => Native(json, OllamaBodyJsonContext.Default.OllamaEmbedBody, new OllamaEmbedBodyValidator(Limits), null);

    public ValidationFailure? OllamaEmbeddings(string json)
        => Native(json, OllamaBodyJsonContext.Default.OllamaEmbeddingsBody, new OllamaEmbeddingsBodyValidator(Limits), null);

    public ValidationFailure? OllamaShow(string json)
        => Native(json, OllamaBodyJsonContext.Default.OllamaShowBody, new OllamaShowBodyValidator(Limits), null);

    static ValidationFailure? Run<T>(IValidator<T> validator, T request, string json, int? contextLength)
    {
        var fields = new ModelGateway.Validation.Transport.TopLevelFieldNames(Encoding.UTF8.GetBytes(json));
        return RequestRejection.FirstFailure(validator, request, new RequestFacts(contextLength, fields));
    }

    static ValidationFailure? Native<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, IValidator<T> validator, int? contextLength)
        where T : class
    {
        var body = OllamaBodyReader.Read(Encoding.UTF8.GetBytes(json), typeInfo, out var failure);
        if (failure is not null) return failure;
        return RequestRejection.FirstFailure(validator, body!, new RequestFacts(contextLength, new HashSet<string>()));
    }
}

/// <summary>An options monitor whose value a test sets, or makes throw as an invalid reload would.</summary>
internal sealed class SettableOptionsMonitor<T>(T value) : IOptionsMonitor<T> where T : class
{
    public T Value { get; set; } = value;
    public OptionsValidationException? Failure { get; set; }

    public T CurrentValue => Failure is { } failure ? throw failure : Value;
    public T Get(string? name) => CurrentValue;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
