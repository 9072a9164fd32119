using FluentValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Embeddings;
using ModelGateway.Validation.Ollama;
using ModelGateway.Validation.OpenAI;
using ModelGateway.Validation.Transport;

namespace ModelGateway.Validation;

public static class ValidationServiceCollectionExtensions
{
    /// <summary>
    /// Registers request validation for both surfaces (the <c>Validation</c> section, checked at start-up): the body
    /// intake and the FluentValidation validators, registered directly as singletons (their limits are read per request).
    /// </summary>
    public static IServiceCollection AddRequestValidation(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ValidationOptions>().Bind(config.GetSection(ValidationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ValidationOptions>, ValidationOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ValidationLimits>();
        services.AddSingleton<RequestBodyIntake>();
        services.AddSingleton<RequestValidation>();

        services.AddSingleton<ToolDefinitionValidator>();
        services.AddSingleton<IValidator<ChatCompletionRequest>, OpenAIChatRequestValidator>();
        services.AddSingleton<IValidator<CompletionRequest>, OpenAICompletionRequestValidator>();
        services.AddSingleton<IValidator<EmbeddingRequest>, OpenAIEmbeddingRequestValidator>();
        services.AddSingleton<IValidator<ModelGateway.OpenAI.Responses.ResponsesCall>, OpenAIResponseRequestValidator>();

        services.AddSingleton<OllamaMessageValidator>();
        services.AddSingleton<OllamaChatBodyValidator>();
        services.AddSingleton<OllamaGenerateBodyValidator>();
        services.AddSingleton<OllamaEmbedBodyValidator>();
        services.AddSingleton<OllamaEmbeddingsBodyValidator>();
        services.AddSingleton<OllamaShowBodyValidator>();
        return services;
    }
}
