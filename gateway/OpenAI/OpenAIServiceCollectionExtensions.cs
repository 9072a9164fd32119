using Microsoft.Extensions.Options;
using ModelGateway.OpenAI.Responses;

namespace ModelGateway.OpenAI;

public static class OpenAIServiceCollectionExtensions
{
    /// <summary>Registers the services behind the OpenAI-compatible /v1 surface.</summary>
    public static IServiceCollection AddOpenAISurface(this IServiceCollection services)
    {
        services.AddSingleton<OpenAIModelResolver>();
        services.AddSingleton<TranslatedCallResponder>();
        services.AddSingleton<OpenAIPassthroughRelay>();
        services.AddSingleton<OpenAIOperationHandler>();
        services.AddSingleton<ChatCompletionsOperation>();
        services.AddSingleton<CompletionsOperation>();
        services.AddSingleton<EmbeddingsOperation>();
        services.AddSingleton<ModelsEndpoint>();
        // Responses API: the Responses section (checked at start-up) and the store it keeps responses in.
        services.AddOptions<ResponsesOptions>().BindConfiguration(ResponsesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ResponseStore>();
        services.AddSingleton<ResponsesOperation>();
        services.AddSingleton<ResponsesEndpoint>();
        return services;
    }
}
